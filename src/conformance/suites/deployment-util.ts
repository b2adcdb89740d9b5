import { ConformanceFile, CaseRunner, CaseOutcome, PASS, fail, skip, expectEqual, topLevelArraySuites } from '../suite';
import { IntOrString } from '../../api/meta';
import { Deployment, DeploymentStatus, PodTemplateSpec, ReplicaSet } from '../../api/workloads';
import { MILLISECOND, Time } from '../../engine/time';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  cleanupDeployment,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  getReplicaSetFraction,
  getScaledValueFromIntOrPercent,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  resolveFenceposts,
  scale,
} from '../../controllers/deployment/rollout-math';

/**
 * Adapter for deployment-util.json. Objects are built as the upstream test helpers build them
 * (newDeployment / rs: only the listed fields set, everything else zero), then handed to the
 * project's rollout-math functions.
 */

export interface DeploymentFixture {
  replicas: number;
  strategyType?: 'RollingUpdate' | 'Recreate';
  maxSurge?: IntOrString | null;
  maxUnavailable?: IntOrString | null;
  /** Omit the rollingUpdate block entirely (upstream's Recreate rows). */
  noRollingUpdate?: boolean;
  statusReplicas?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
}

/** A Deployment as upstream's newDeployment helper makes it (int-or-string nil → unset). */
export function makeDeployment(f: DeploymentFixture): Deployment {
  const type = f.strategyType ?? 'RollingUpdate';
  const rollingUpdate =
    f.noRollingUpdate === true
      ? undefined
      : {
          ...(f.maxSurge !== null && f.maxSurge !== undefined ? { maxSurge: f.maxSurge } : {}),
          ...(f.maxUnavailable !== null && f.maxUnavailable !== undefined ? { maxUnavailable: f.maxUnavailable } : {}),
        };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foobar', namespace: 'default', generation: 0 },
    spec: {
      replicas: f.replicas,
      selector: { matchLabels: { foo: 'bar' } },
      template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [] } },
      strategy: rollingUpdate ? { type, rollingUpdate } : { type },
      ...(f.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: f.revisionHistoryLimit } : {}),
      ...(f.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: f.progressDeadlineSeconds } : {}),
    },
    status: {
      replicas: f.statusReplicas ?? 0,
      updatedReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 0,
    },
  };
}

export interface ReplicaSetFixture {
  name: string;
  replicas: number;
  statusReplicas?: number;
  availableReplicas?: number;
  creationTimestamp?: Time;
  annotations?: Record<string, string>;
}

/** A ReplicaSet as upstream's rs() helper makes it: spec.replicas plus the listed fields. */
export function makeReplicaSet(f: ReplicaSetFixture): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: f.name,
      namespace: 'default',
      creationTimestamp: f.creationTimestamp ?? 0,
      ...(f.annotations ? { annotations: f.annotations } : {}),
    },
    spec: {
      replicas: f.replicas,
      selector: { matchLabels: { foo: 'bar' } },
      template: { metadata: { labels: { foo: 'bar' } }, spec: { containers: [] } },
    },
    status: {
      replicas: f.statusReplicas ?? 0,
      readyReplicas: 0,
      availableReplicas: f.availableReplicas ?? 0,
    },
  };
}

/** An RFC 3339 timestamp as virtual time (µs since the epoch); a missing offset reads as UTC. */
export function isoToTime(s: string): Time {
  const withZone = /(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`;
  const ms = Date.parse(withZone);
  if (Number.isNaN(ms)) throw new Error(`bad timestamp in table: ${s}`);
  return ms * MILLISECOND;
}

function expectThrows(f: () => unknown, what: string): CaseOutcome {
  try {
    const v = f();
    return fail(`${what}: expected an error, got ${JSON.stringify(v)}`);
  } catch {
    return PASS;
  }
}

function status(s: Partial<DeploymentStatus>): DeploymentStatus {
  return {
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
  };
}

const runners: Record<string, CaseRunner> = {
  resolveFenceposts: (c) => {
    const desired = c.desiredReplicas ?? c.desired;
    if (c.expectError) return expectThrows(() => resolveFenceposts(c.maxSurge, c.maxUnavailable, desired), 'ResolveFenceposts');
    const r = resolveFenceposts(c.maxSurge, c.maxUnavailable, desired);
    return expectEqual([r.surge, r.unavailable], [c.expectSurge, c.expectUnavailable], '[surge, unavailable]');
  },

  newRSNewReplicas: (c) => {
    const d = makeDeployment({
      replicas: c.deploymentReplicas,
      strategyType: c.strategyType,
      maxSurge: c.maxSurge,
      maxUnavailable: c.maxUnavailable ?? 1,
    });
    const newRS = makeReplicaSet({ name: 'new', replicas: c.newRSReplicas });
    const all = (c.allRSsSpecReplicas as number[]).map((n, i) => makeReplicaSet({ name: `other-${i}`, replicas: n }));
    return expectEqual(newRSNewReplicas(d, all, newRS), c.expected, 'new replicas');
  },

  maxUnavailable: (c) => expectEqual(maxUnavailable(fenceDeployment(c)), c.expected, 'MaxUnavailable'),
  minAvailable: (c) => expectEqual(minAvailable(fenceDeployment(c)), c.expected, 'MinAvailable'),

  getReplicaSetFraction: (c) => {
    const d = makeDeployment({
      replicas: c.deploymentReplicas,
      statusReplicas: c.deploymentStatusReplicas,
      maxSurge: c.deploymentMaxSurge,
      maxUnavailable: c.deploymentMaxUnavailable ?? 1,
    });
    const rs = makeReplicaSet({
      name: 'rs',
      replicas: c.rsReplicas,
      ...(c.rsMaxReplicasAnnotation !== null && c.rsMaxReplicasAnnotation !== undefined
        ? { annotations: { [MAX_REPLICAS_ANNOTATION]: String(c.rsMaxReplicasAnnotation) } }
        : {}),
    });
    return expectEqual(getReplicaSetFraction(rs, d), c.expectedFraction, 'fraction');
  },

  deploymentComplete: (c) => {
    const d = makeDeployment({ replicas: c.desiredReplicas, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable });
    d.status = status({ replicas: c.statusReplicas, updatedReplicas: c.updatedReplicas, availableReplicas: c.availableReplicas });
    return expectEqual(deploymentComplete(d, d.status), c.expected, 'DeploymentComplete');
  },

  deploymentProgressing: (c) => {
    const d = makeDeployment({ replicas: 10 });
    d.status = status(c.oldStatus);
    return expectEqual(deploymentProgressing(d, status(c.newStatus)), c.expected, 'DeploymentProgressing');
  },

  deploymentTimedOut: (c) => {
    const d = makeDeployment({
      replicas: 1,
      ...(c.progressDeadlineSeconds !== null ? { progressDeadlineSeconds: c.progressDeadlineSeconds } : {}),
    });
    d.status = {
      ...status({}),
      conditions: [
        {
          type: c.conditionType ?? 'Progressing',
          status: c.conditionStatus ?? 'True',
          reason: c.conditionReason ?? '',
          lastUpdateTime: isoToTime(c.lastUpdateTime),
        },
      ],
    };
    const now = c.now === null || c.now === undefined ? 0 : isoToTime(c.now);
    return expectEqual(deploymentTimedOut(d, d.status, now), c.expected, 'DeploymentTimedOut');
  },

  intstrScaledValueFromIntOrPercent: (c) => {
    if (c.expectError) return expectThrows(() => getScaledValueFromIntOrPercent(c.input, c.total, c.roundUp), 'GetScaledValueFromIntOrPercent');
    return expectEqual(getScaledValueFromIntOrPercent(c.input, c.total, c.roundUp), c.expectValue, 'value');
  },

  scale: (c) => runScale(c),

  cleanupDeployment: (c) => {
    if (c.featureGated) return skip('featureGated (DeploymentReplicaSetTerminatingReplicas)');
    const d = makeDeployment({ replicas: 1, revisionHistoryLimit: c.revisionHistoryLimit });
    const old = (c.oldRSs as any[]).map((r) =>
      makeReplicaSet({ name: r.name, replicas: r.specReplicas, statusReplicas: r.statusReplicas }),
    );
    return expectEqual(cleanupDeployment(old, d).length, c.expectedDeletions, 'deletions');
  },

  equalIgnoreHash: (c) => {
    const template = (t: any): PodTemplateSpec => ({
      metadata: { name: t.name, annotations: t.annotations ?? undefined, labels: t.labels ?? undefined },
      spec: { containers: [], nodeName: t.nodeName },
    });
    const a = template(c.former);
    const b = template(c.latter);
    const forward = expectEqual(equalIgnoreHash(a, b), c.expected, 'EqualIgnoreHash(former, latter)');
    if (forward.status !== 'pass' || c.symmetric === false) return forward;
    return expectEqual(equalIgnoreHash(b, a), c.expected, 'EqualIgnoreHash(latter, former)');
  },

  cleanupDeploymentOrder: (c) => {
    const d = makeDeployment({ replicas: 1, revisionHistoryLimit: c.revisionHistoryLimit });
    const old = (c.oldRSs as any[]).map((r) =>
      makeReplicaSet({
        name: r.name,
        replicas: r.replicas,
        statusReplicas: r.replicas,
        creationTimestamp: creationOrder(r.name),
        ...(r.revision !== null ? { annotations: { [REVISION_ANNOTATION]: r.revision } } : {}),
      }),
    );
    const deleted = cleanupDeployment(old, d).map((rs) => rs.metadata.name).sort();
    return expectEqual(deleted, [...(c.expectedDeletedRSs as string[])].sort(), 'deleted ReplicaSets');
  },
};

/** cleanupDeploymentOrder: foo-1 < foo-2 < ... created one minute apart. */
function creationOrder(name: string): Time {
  const n = Number(name.split('-').pop());
  return Number.isFinite(n) ? n * 60_000_000 : 0;
}

function fenceDeployment(c: any): Deployment {
  const recreate = c.strategyType === 'Recreate';
  return makeDeployment({
    replicas: c.replicas,
    strategyType: c.strategyType,
    maxSurge: c.maxSurge,
    maxUnavailable: c.maxUnavailable,
    noRollingUpdate: recreate,
  });
}

/**
 * TestScale: stamp every RS with desired-replicas = oldDeployment.replicas (or the override) and
 * max-replicas = that + MaxSurge(oldDeployment), call scale, read the new sizes. RSs named in
 * wasntUpdated keep their original size (the harness ignores their updates).
 */
function runScale(c: any): CaseOutcome {
  const fixture = (x: any): DeploymentFixture => ({
    replicas: x.replicas,
    strategyType: x.strategyType,
    maxSurge: x.maxSurge ?? 0,
    maxUnavailable: x.maxUnavailable ?? 0,
  });
  const d = makeDeployment(fixture(c.deployment));
  const oldD = makeDeployment(fixture(c.oldDeployment));
  const overrides: Record<string, number> = c.desiredReplicasAnnotationOverrides ?? {};
  const build = (r: any): ReplicaSet => {
    const desired = overrides[r.name] ?? (c.oldDeployment.replicas as number);
    return makeReplicaSet({
      name: r.name,
      replicas: r.specReplicas,
      availableReplicas: r.availableReplicas ?? 0,
      creationTimestamp: isoToTime(r.createdAt),
      annotations: {
        [DESIRED_REPLICAS_ANNOTATION]: String(desired),
        [MAX_REPLICAS_ANNOTATION]: String(desired + maxSurge(oldD)),
      },
    });
  };
  const newRS = c.newRS ? build(c.newRS) : null;
  const oldRSs = (c.oldRSs as any[]).map(build);
  const sizes = new Map<string, number>();
  for (const s of scale(d, newRS, oldRSs)) sizes.set(s.rs.metadata.name, s.replicas);
  const ignored = new Set<string>(c.wasntUpdated ?? []);
  const sizeOf = (rs: ReplicaSet): number =>
    ignored.has(rs.metadata.name) ? (rs.spec.replicas as number) : sizes.get(rs.metadata.name) ?? (rs.spec.replicas as number);
  const got = { newReplicas: newRS ? sizeOf(newRS) : null, oldReplicas: oldRSs.map(sizeOf) };
  return expectEqual(got, { newReplicas: c.expectedNewReplicas, oldReplicas: c.expectedOldReplicas }, 'sizes');
}

export const deploymentUtilFile: ConformanceFile = {
  file: 'deployment-util.json',
  listSuites: (doc) => topLevelArraySuites(doc),
  runners,
};
