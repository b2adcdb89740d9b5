import { Node } from '../../api/node';
import { Affinity, NodeSelectorTerm, PodSpec, Toleration } from '../../api/pod';
import { DaemonSet } from '../../api/daemonset';
import { RequiredNodeAffinity } from '../../scheduler/node-selector';
import { findMatchingUntoleratedTaint } from '../../scheduler/toleration';
import { getScaledValueFromIntOrPercent } from '../deployment/rollout-math';

/**
 * The tolerations the DaemonSet controller adds to every daemon pod
 * (util.AddOrUpdateDaemonPodTolerations): not-ready and unreachable NoExecute, the node
 * pressure conditions and unschedulable NoSchedule, network-unavailable for hostNetwork pods.
 */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The template's tolerations plus the daemon ones it does not already carry. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  for (const t of DAEMON_TOLERATIONS) {
    if (!out.some((o) => o.key === t.key && o.effect === t.effect)) out.push(t);
  }
  return out;
}

/** Whether a daemon pod should be created on a node, and whether one already there may stay. */
export interface NodeVerdict {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/**
 * NodeShouldRunDaemonPod (daemon_controller.go) with the daemon tolerations applied:
 * spec.nodeName must match when set, nodeSelector and required node affinity must match
 * (the scheduler's RequiredNodeAffinity), an untolerated NoExecute taint forbids running and
 * continuing, an untolerated NoSchedule taint forbids only a new pod.
 * Example: node tainted dedicated=gpu:NoSchedule, template without the toleration →
 * {shouldRun: false, shouldContinueRunning: true}.
 */
export function nodeShouldRunDaemonPod(node: Node, spec: PodSpec, affinity: RequiredNodeAffinity, tolerations: readonly Toleration[]): NodeVerdict {
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!affinity.match(node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec.taints;
  if (findMatchingUntoleratedTaint(taints, tolerations, isNoExecute) !== undefined) return { shouldRun: false, shouldContinueRunning: false };
  if (findMatchingUntoleratedTaint(taints, tolerations, isNoSchedule) !== undefined) return { shouldRun: false, shouldContinueRunning: true };
  return { shouldRun: true, shouldContinueRunning: true };
}

function isNoExecute(t: { effect: string }): boolean {
  return t.effect === 'NoExecute';
}
function isNoSchedule(t: { effect: string }): boolean {
  return t.effect === 'NoSchedule';
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes "metadata.name
 * In [node]" as matchFields, replacing matchFields in every existing term and keeping their
 * matchExpressions; the default scheduler then binds the pod to that node.
 */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const field = { key: 'metadata.name', operator: 'In' as const, values: [node] };
  const na = affinity?.nodeAffinity ?? {};
  const terms: NodeSelectorTerm[] = na.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const pinned = terms.length === 0 ? [{ matchFields: [field] }] : terms.map((t) => ({ matchExpressions: t.matchExpressions, matchFields: [field] }));
  return { ...(affinity ?? {}), nodeAffinity: { ...na, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pinned } } };
}

/**
 * updatedDesiredNodeCounts (daemonset update.go): maxSurge and maxUnavailable scaled against the
 * number of nodes that should run the pod, both rounding up; when both are 0, maxUnavailable is 1.
 * Example: 1,000 nodes, maxUnavailable "10%", maxSurge 0 → {maxSurge: 0, maxUnavailable: 100}.
 */
export function daemonSetFenceposts(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec.updateStrategy?.rollingUpdate;
  const maxSurge = getScaledValueFromIntOrPercent(ru?.maxSurge ?? 0, desired, true);
  let maxUnavailable = getScaledValueFromIntOrPercent(ru?.maxUnavailable ?? 1, desired, true);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** One node's daemon pods as the rolling update sees them. */
export interface NodePods {
  node: string;
  /** The non-terminating pod made from the current template, if any. */
  newPod?: { available: boolean };
  oldPod?: { available: boolean };
  shouldRun: boolean;
}

/** What the rolling update step decides: old pods to delete, nodes to get a surge pod. */
export interface DaemonUpdateStep {
  deleteOldOn: string[];
  surgeOn: string[];
}

/**
 * rollingUpdate (daemonset update.go), one step over nodes in order.
 * maxSurge 0: nodes without a pod or with an unavailable new pod count as unavailable; old
 * unavailable pods are deleted at once (allowedReplacementPods, outside the budget); old available
 * pods are deleted while unavailable < maxUnavailable. maxSurge > 0: an old pod whose node has an available new pod is deleted; nodes
 * whose old pod is unavailable get a new pod at once; other nodes get one while surging < maxSurge.
 * Example: 4 nodes with available old pods, maxUnavailable 1 → delete the old pod on the first.
 */
export function rollingUpdateStep(nodes: readonly NodePods[], maxSurge: number, maxUnavailable: number): DaemonUpdateStep {
  const deleteOldOn: string[] = [];
  const surgeOn: string[] = [];
  if (maxSurge === 0) {
    let unavailable = 0;
    const candidates: string[] = [];
    for (const n of nodes) {
      if (!n.shouldRun) continue;
      if (!n.oldPod) {
        if (!n.newPod || !n.newPod.available) unavailable++;
        continue;
      }
      if (n.newPod) continue;
      if (!n.oldPod.available) deleteOldOn.push(n.node);
      else candidates.push(n.node);
    }
    const remaining = maxUnavailable - unavailable;
    for (let i = 0; i < candidates.length && i < remaining; i++) deleteOldOn.push(candidates[i]);
    return { deleteOldOn, surgeOn };
  }
  let surging = 0;
  const candidates: string[] = [];
  for (const n of nodes) {
    if (!n.shouldRun || !n.oldPod) continue;
    if (n.newPod) {
      if (n.newPod.available) deleteOldOn.push(n.node);
      else surging++;
      continue;
    }
    if (!n.oldPod.available) surgeOn.push(n.node);
    else candidates.push(n.node);
  }
  const remaining = maxSurge - surging;
  for (let i = 0; i < candidates.length && i < remaining; i++) surgeOn.push(candidates[i]);
  return { deleteOldOn, surgeOn };
}
