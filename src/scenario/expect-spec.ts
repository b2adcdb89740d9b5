import { FieldPath } from '../api/validation/field-error';
import { Time } from '../engine/time';
import { didYouMean } from './did-you-mean';
import { SourcedObject } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';

/** The components whose leaderless time an expectation can bound (spec.cluster.controlPlane). */
export const LEADER_COMPONENTS = ['kube-controller-manager', 'kube-scheduler'] as const;
export type LeaderComponent = (typeof LEADER_COMPONENTS)[number];

/** The workload kinds whose rollouts the controllers record (RunFacts.rollouts). */
const ROLLOUT_KINDS: Record<string, string> = {
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
};

const TYPES = ['rollout', 'service', 'pendingPods', 'leaderless'] as const;

interface ExpectationBase {
  /** "file:line:col" of the entry. */
  where: string;
}

/**
 * One SLO assertion of spec.expect, checked over the results of a run (src/studies/slo.ts).
 * Limits are Time (µs); a percentage is 0..100.
 */
export type Expectation =
  | (ExpectationBase & { type: 'rollout'; kind: string; namespace: string; name: string; completesWithin: Time })
  | (ExpectationBase & { type: 'service'; namespace: string; name: string; readyEndpointsAtLeast: { percent: number } | { count: number }; from?: Time })
  | (ExpectationBase & { type: 'pendingPods'; longestWaitBelow: Time; namespace?: string })
  | (ExpectationBase & { type: 'leaderless'; component: LeaderComponent; totalBelow?: Time; longestBelow?: Time });

/**
 * `spec.expect`: a list of SLO assertions, e.g.
 *   - rollout: deployment/web
 *     completesWithin: 10m
 *   - service: web
 *     readyEndpointsAtLeast: 80%
 *   - pendingPods: { longestWaitBelow: 2m }
 *   - leaderless: { component: kube-controller-manager, totalBelow: 30s }
 * Rollout and Service targets must be objects the scenario creates (resources or apply actions).
 */
export function readExpectations(r: SpecReader, v: unknown, path: FieldPath, objects: readonly SourcedObject[]): Expectation[] {
  const out: Expectation[] = [];
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v)) {
    r.fail(path, `expected a list of expectations (${TYPES.join(', ')}), got ${shown(v)}`);
    return out;
  }
  v.forEach((entry, i) => {
    const p = [...path, i];
    if (!isObj(entry)) {
      r.fail(p, `expected an expectation like {rollout: deployment/web, completesWithin: 10m}, got ${shown(entry)}`);
      return;
    }
    const present = TYPES.filter((t) => entry[t] !== undefined);
    if (present.length !== 1) {
      const unknown = Object.keys(entry).find((k) => !['namespace', 'completesWithin', 'readyEndpointsAtLeast', 'from'].includes(k) && !(TYPES as readonly string[]).includes(k));
      if (present.length === 0 && unknown !== undefined) r.fail([...p, unknown], `unknown expectation "${unknown}"${didYouMean(unknown, TYPES)}; known: ${TYPES.join(', ')}`, true);
      else r.fail(p, present.length === 0 ? `expected one of ${TYPES.join(', ')}` : `expected one expectation per entry, got ${present.join(' and ')}`);
      return;
    }
    const pos = r.src.problemAt(r.doc, p, '');
    const where = `${pos.file}:${pos.line}:${pos.col}`;
    const e = readOne(r, present[0], entry, p, where, objects);
    if (e) out.push(e);
  });
  return out;
}

function readOne(r: SpecReader, type: (typeof TYPES)[number], entry: Record<string, unknown>, p: FieldPath, where: string, objects: readonly SourcedObject[]): Expectation | undefined {
  switch (type) {
    case 'rollout': {
      if (!r.fields(entry, p, ['rollout', 'namespace', 'completesWithin'])) return undefined;
      const ref = readRef(r, entry.rollout, [...p, 'rollout']);
      const namespace = readNamespace(r, entry, p);
      const limit = r.required(entry, 'completesWithin', p) ? r.duration(entry.completesWithin, [...p, 'completesWithin'], true) : undefined;
      if (!ref || namespace === undefined || limit === undefined) return undefined;
      if (!created(objects, ref.kind, namespace, ref.name)) return r.fail([...p, 'rollout'], `no ${ref.kind} ${namespace}/${ref.name} is created by spec.resources or an apply action`);
      return { type, where, kind: ref.kind, namespace, name: ref.name, completesWithin: limit };
    }
    case 'service': {
      if (!r.fields(entry, p, ['service', 'namespace', 'readyEndpointsAtLeast', 'from'])) return undefined;
      const name = r.string(entry.service, [...p, 'service'], 'a Service name');
      const namespace = readNamespace(r, entry, p);
      const level = r.required(entry, 'readyEndpointsAtLeast', p) ? readLevel(r, entry.readyEndpointsAtLeast, [...p, 'readyEndpointsAtLeast']) : undefined;
      const from = entry.from === undefined ? undefined : r.duration(entry.from, [...p, 'from']);
      if (name === undefined || namespace === undefined || level === undefined || (entry.from !== undefined && from === undefined)) return undefined;
      if (!created(objects, 'Service', namespace, name)) return r.fail([...p, 'service'], `no Service ${namespace}/${name} is created by spec.resources or an apply action`);
      const out: Expectation = { type, where, namespace, name, readyEndpointsAtLeast: level };
      if (from !== undefined) out.from = from;
      return out;
    }
    case 'pendingPods': {
      if (!r.fields(entry, p, ['pendingPods'])) return undefined;
      const bp = [...p, 'pendingPods'];
      const body = entry.pendingPods;
      if (!r.fields(body, bp, ['longestWaitBelow', 'namespace'])) return undefined;
      const limit = r.required(body, 'longestWaitBelow', bp) ? r.duration(body.longestWaitBelow, [...bp, 'longestWaitBelow'], true) : undefined;
      const namespace = body.namespace === undefined ? undefined : r.string(body.namespace, [...bp, 'namespace'], 'a namespace');
      if (limit === undefined || (body.namespace !== undefined && namespace === undefined)) return undefined;
      return namespace === undefined ? { type, where, longestWaitBelow: limit } : { type, where, longestWaitBelow: limit, namespace };
    }
    case 'leaderless': {
      if (!r.fields(entry, p, ['leaderless'])) return undefined;
      const bp = [...p, 'leaderless'];
      const body = entry.leaderless;
      if (!r.fields(body, bp, ['component', 'totalBelow', 'longestBelow'])) return undefined;
      let component: LeaderComponent | undefined;
      if (r.required(body, 'component', bp)) {
        if ((LEADER_COMPONENTS as readonly unknown[]).includes(body.component)) component = body.component as LeaderComponent;
        else r.fail([...bp, 'component'], `expected ${LEADER_COMPONENTS.join(' or ')}, got ${shown(body.component)}${typeof body.component === 'string' ? didYouMean(body.component, LEADER_COMPONENTS) : ''}`);
      }
      if (body.totalBelow === undefined && body.longestBelow === undefined) return r.fail(bp, 'expected totalBelow or longestBelow (or both)');
      const total = body.totalBelow === undefined ? undefined : r.duration(body.totalBelow, [...bp, 'totalBelow'], true);
      const longest = body.longestBelow === undefined ? undefined : r.duration(body.longestBelow, [...bp, 'longestBelow'], true);
      if (component === undefined || (body.totalBelow !== undefined && total === undefined) || (body.longestBelow !== undefined && longest === undefined)) return undefined;
      const out: Expectation = { type, where, component };
      if (total !== undefined) out.totalBelow = total;
      if (longest !== undefined) out.longestBelow = longest;
      return out;
    }
  }
}

/** "deployment/web" (kubectl's resource/name form) → kind and name. */
function readRef(r: SpecReader, v: unknown, path: FieldPath): { kind: string; name: string } | undefined {
  const text = r.string(v, path, 'a workload like deployment/web');
  if (text === undefined) return undefined;
  const slash = text.indexOf('/');
  const res = slash < 0 ? '' : text.slice(0, slash).toLowerCase();
  const name = slash < 0 ? '' : text.slice(slash + 1);
  const kind = ROLLOUT_KINDS[res];
  if (kind === undefined || name === '' || name.includes('/')) {
    return r.fail(path, `expected deployment/<name>, statefulset/<name> or daemonset/<name>, got ${shown(v)}`);
  }
  return { kind, name };
}

function readNamespace(r: SpecReader, entry: Record<string, unknown>, p: FieldPath): string | undefined {
  return entry.namespace === undefined ? 'default' : r.string(entry.namespace, [...p, 'namespace'], 'a namespace');
}

/** "80%" → percent of the desired replicas behind the Service; a plain integer → a count of endpoints. */
function readLevel(r: SpecReader, v: unknown, path: FieldPath): { percent: number } | { count: number } | undefined {
  if (typeof v === 'number') {
    const n = r.int(v, path, 0, Number.MAX_SAFE_INTEGER, 'a count of endpoints or a percentage like "80%"');
    return n === undefined ? undefined : { count: n };
  }
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m) {
      const percent = Number(m[1]);
      if (percent > 100) return r.fail(path, `must be at most 100%, got ${shown(v)}`);
      return { percent };
    }
  }
  return r.fail(path, `expected a percentage like "80%" or a count of endpoints, got ${shown(v)}`);
}

function created(objects: readonly SourcedObject[], kind: string, namespace: string, name: string): boolean {
  return objects.some((o) => o.object.kind === kind && o.object.metadata.name === name && (o.object.metadata.namespace ?? 'default') === namespace);
}
