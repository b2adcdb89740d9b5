import { ConformanceFile, CaseRunner, CaseOutcome, PASS, fail, skip, expectEqual, topLevelArraySuites } from '../suite';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from '../../controllers/deployment/rolling-decisions';
import { makeDeployment, makeReplicaSet } from './deployment-util';

/**
 * Adapter for deployment-rolling.json (upstream rolling_test.go): Deployments and ReplicaSets are
 * built as the test helpers build them, then handed to the project's rolling-decisions functions.
 */
const runners: Record<string, CaseRunner> = {
  reconcileNewReplicaSet: (c) => {
    if (c.featureGated) return skip('featureGated (DeploymentReplicaSetTerminatingReplicas / DeploymentPodReplacementPolicy)');
    const d = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: c.maxSurge ?? 0, maxUnavailable: c.maxUnavailable ?? 0 });
    const newRS = makeReplicaSet({ name: 'foo-new', replicas: c.newReplicas, statusReplicas: c.newStatusReplicas ?? 0 });
    const oldRS = makeReplicaSet({ name: 'foo-old', replicas: c.oldReplicas, statusReplicas: c.oldStatusReplicas ?? 0 });
    const got = reconcileNewReplicaSet([newRS, oldRS], newRS, d);
    if (!c.scaleExpected) return got === undefined ? PASS : fail(`expected no scaling, got new replicas ${got}`);
    return expectEqual(got ?? null, c.expectedNewReplicas, 'new replicas');
  },

  reconcileOldReplicaSets: (c) => {
    const d = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: c.maxSurge ?? 0, maxUnavailable: c.maxUnavailable ?? 0 });
    const oldRS = makeReplicaSet({ name: 'foo-old', replicas: c.oldReplicas, availableReplicas: c.readyPodsFromOldRS });
    const newRS = makeReplicaSet({ name: 'foo-new', replicas: c.newReplicas, availableReplicas: c.readyPodsFromNewRS });
    const r = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, d);
    if (r.scaled !== c.scaleExpected) return fail(`scaled: expected ${c.scaleExpected}, got ${r.scaled}`);
    if (c.scaleExpected && c.expectedOldReplicas !== null && c.expectedOldReplicas !== undefined) {
      const final = r.scalings.find((s) => s.rs === oldRS)?.replicas ?? c.oldReplicas;
      return expectEqual(final, c.expectedOldReplicas, 'old replicas (soft expectation)');
    }
    return PASS;
  },

  cleanupUnhealthyReplicas: (c) => {
    const d = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: c.maxSurge, maxUnavailable: c.maxUnavailable });
    const oldRS = makeReplicaSet({ name: 'foo-old', replicas: c.oldReplicas, availableReplicas: c.readyPods });
    const r = cleanupUnhealthyReplicas([oldRS], d, c.maxCleanupCount);
    if (r.error !== undefined) return fail(`unexpected error: ${r.error}`);
    return expectEqual(r.totalScaledDown, c.cleanupCountExpected, 'cleaned up');
  },

  scaleDownOldReplicaSetsForRollingUpdate: (c): CaseOutcome => {
    const d = makeDeployment({ replicas: c.deploymentReplicas, maxSurge: c.maxSurge ?? 0, maxUnavailable: c.maxUnavailable ?? 0 });
    const oldRS = makeReplicaSet({ name: 'foo-old', replicas: c.oldReplicas, availableReplicas: c.readyPods });
    const r = scaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], d);
    if (r.error !== undefined) return fail(`unexpected error: ${r.error}`);
    if (!c.scaleExpected) {
      return r.totalScaledDown === 0 && r.scalings.length === 0
        ? PASS
        : fail(`expected no scaling, got ${JSON.stringify(r.scalings.map((s) => s.replicas))}`);
    }
    return expectEqual(
      r.scalings.map((s) => s.replicas),
      [c.expectedOldReplicas],
      'old RS updates',
    );
  },
};

export const deploymentRollingFile: ConformanceFile = {
  file: 'deployment-rolling.json',
  listSuites: (doc) => topLevelArraySuites(doc),
  runners,
};
