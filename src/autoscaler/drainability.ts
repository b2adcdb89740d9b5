import { controllerOf } from '../api/meta';
import { Pod } from '../api/pod';
import { PodDisruptionBudget } from '../api/pdb';

/** Annotation a pod uses to allow or forbid its eviction by the cluster autoscaler. */
export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/**
 * What scale-down does with a pod on a node it wants to remove (cluster-autoscaler's
 * simulator/drainability rules): `skip` (DaemonSet, mirror or terminal pods: not moved),
 * `move` (must be rescheduled elsewhere), or a blocking reason as upstream's BlockingPodReason:
 * NotReplicated (no controller), UnmovableKubeSystemPod (kube-system without a PDB),
 * LocalStorageRequested (emptyDir or hostPath volume), NotSafeToEvictAnnotation,
 * NotEnoughPdb (a matching PDB allows no disruption).
 */
export type Drainability = 'skip' | 'move' | 'NotReplicated' | 'UnmovableKubeSystemPod' | 'LocalStorageRequested' | 'NotSafeToEvictAnnotation' | 'NotEnoughPdb';

export interface DrainRules {
  skipNodesWithLocalStorage: boolean;
  skipNodesWithSystemPods: boolean;
}

export function drainability(pod: Pod, pdbs: readonly PodDisruptionBudget[], rules: DrainRules): Drainability {
  const meta = pod.metadata;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return 'skip';
  if (meta.annotations?.['kubernetes.io/config.mirror'] !== undefined) return 'skip';
  const owner = controllerOf(meta);
  if (owner?.kind === 'DaemonSet') return 'skip';
  const safe = meta.annotations?.[SAFE_TO_EVICT];
  if (safe === 'false') return 'NotSafeToEvictAnnotation';
  if (safe !== 'true') {
    if (!owner) return 'NotReplicated';
    if (rules.skipNodesWithSystemPods && meta.namespace === 'kube-system' && pdbs.length === 0) return 'UnmovableKubeSystemPod';
    if (rules.skipNodesWithLocalStorage && hasLocalStorage(pod)) return 'LocalStorageRequested';
  }
  for (const pdb of pdbs) if ((pdb.status?.disruptionsAllowed ?? 0) < 1) return 'NotEnoughPdb';
  return 'move';
}

function hasLocalStorage(pod: Pod): boolean {
  for (const v of pod.spec.volumes ?? []) {
    const vol = v as { emptyDir?: unknown; hostPath?: unknown };
    if (vol.emptyDir !== undefined || vol.hostPath !== undefined) return true;
  }
  return false;
}

/**
 * Node utilization as scale-down sees it (simulator/utilization): the larger of requested cpu /
 * allocatable cpu and requested memory / allocatable memory. Example: 1.5 of 4 cpu and 4Gi of
 * 16Gi → max(0.375, 0.25) = 0.375, under the 0.5 threshold.
 */
export function nodeUtilization(requestedCpu: number, requestedMemory: number, allocCpu: number, allocMemory: number): number {
  const c = allocCpu > 0 ? requestedCpu / allocCpu : 0;
  const m = allocMemory > 0 ? requestedMemory / allocMemory : 0;
  return c > m ? c : m;
}
