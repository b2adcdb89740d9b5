import { labelSelectorAsSelector } from '../api/label-selector';
import { PodDisruptionBudget } from '../api/pdb';
import { Pod } from '../api/pod';
import { CycleState, Status } from './framework';
import { NodeInfo } from './node-info';
import { Profile } from './profile';
import { Snapshot } from './snapshot';

/**
 * PostFilter preemption, as kube-scheduler's DefaultPreemption plugin (framework/preemption):
 *
 * 1. PodEligibleToPreemptOthers: preemptionPolicy Never never preempts; a pod whose nominated
 *    node still has a terminating lower-priority pod waits for it.
 * 2. Candidates: the nodes the failed cycle rejected as Unschedulable (UnschedulableAndUnresolvable
 *    nodes cannot be helped by removing pods), scanned from a seeded offset until
 *    max(10% of them, 100) candidates are found (MinCandidateNodesPercentage/Absolute).
 * 3. selectVictimsOnNode: remove every pod of lower priority; if the pod still does not fit, the
 *    node is no candidate. Otherwise reprieve pods from the most important down (higher priority,
 *    then earlier start), PDB-violating ones first: a pod whose return keeps the preemptor fitting
 *    stays; the rest are victims.
 * 4. pickOneNodeForPreemption: fewest PDB violations, then the lowest highest-victim priority,
 *    then the smallest sum of victim priorities, then the fewest victims, then the latest start
 *    time among the highest-priority victims, then the first candidate.
 */

export interface PreemptionCandidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

/** What preemption needs from the rest of the scheduler (listers, no store access). */
export interface PreemptionContext {
  pdbs: readonly PodDisruptionBudget[];
  /** A uniform integer in [0, n) (the candidate scan offset). */
  pickRandom(n: number): number;
}

/** framework/preemption: MinCandidateNodesPercentage and MinCandidateNodesAbsolute. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

export function podPriority(p: Pod): number {
  return p.spec.priority ?? 0;
}

function startTime(p: Pod): number {
  return p.status.startTime ?? p.metadata.creationTimestamp ?? 0;
}

/** util.MoreImportantPod: higher priority, then the earlier start time. */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

/** PodEligibleToPreemptOthers; returns the reason it is not, or null when it is. */
export function notEligibleReason(pod: Pod, snapshot: Snapshot): string | null {
  if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status.nominatedNodeName;
  if (nominated) {
    const ni = snapshot.get(nominated);
    if (ni !== undefined) {
      const prio = podPriority(pod);
      for (const p of ni.pods) {
        if (p.metadata.deletionTimestamp !== undefined && podPriority(p) < prio) return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
  }
  return null;
}

function runPreFilter(pod: Pod, snapshot: Snapshot, profile: Profile): CycleState | null {
  const cycle = new CycleState();
  const all = snapshot.list();
  for (const p of profile.preFilter) {
    const { status } = p.preFilter(cycle, pod, all, snapshot);
    if (status === null) continue;
    if (status.code === 'Skip') cycle.skipFilterPlugins.push(p.name);
    else if (status.code !== 'Success') return null;
  }
  return cycle;
}

function fits(cycle: CycleState, pod: Pod, ni: NodeInfo, profile: Profile): boolean {
  for (const f of profile.filter) {
    if (cycle.skipFilterPlugins.includes(f.name)) continue;
    const st = f.filter(cycle, pod, ni);
    if (st !== null && st.code !== 'Success') return false;
  }
  return true;
}

/**
 * filterPodsWithPDBViolation: walks the pods in order; a pod matched by a PDB (same namespace,
 * selector matches, not already in disruptedPods) whose remaining disruptionsAllowed is ≤ 0
 * violates it, otherwise each matching PDB's allowance is decremented.
 */
export function splitByPDBViolation(pods: readonly Pod[], pdbs: readonly PodDisruptionBudget[]): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((p) => (p.spec.selector ? labelSelectorAsSelector(p.spec.selector) : null));
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    for (let i = 0; i < pdbs.length; i++) {
      const sel = selectors[i];
      if (sel === null || pdbs[i].metadata.namespace !== pod.metadata.namespace) continue;
      const labels = pod.metadata.labels;
      if (!labels || Object.keys(labels).length === 0 || !sel.matches(labels)) continue;
      allowed[i]--;
      if (allowed[i] < 0) violated = true;
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/** selectVictimsOnNode; null when removing every lower-priority pod still does not make room. */
export function selectVictimsOnNode(
  pod: Pod,
  nodeInfo: NodeInfo,
  cycle: CycleState,
  profile: Profile,
  pdbs: readonly PodDisruptionBudget[],
): { victims: Pod[]; numPDBViolations: number } | null {
  const prio = podPriority(pod);
  // No lower-priority pod on the node: nothing to remove, so no candidate (checked before the
  // dry-run NodeInfo is built, which costs a copy of the node's pods).
  let anyLower = false;
  for (const p of nodeInfo.pods) {
    if (podPriority(p) < prio) {
      anyLower = true;
      break;
    }
  }
  if (!anyLower) return null;
  const dry = new NodeInfo(nodeInfo.node);
  const lower: Pod[] = [];
  for (const p of nodeInfo.pods) {
    if (podPriority(p) < prio) lower.push(p);
    else dry.addPod(p);
  }
  if (lower.length === 0 || !fits(cycle, pod, dry, profile)) return null;
  lower.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  const { violating, nonViolating } = splitByPDBViolation(lower, pdbs);
  const victims: Pod[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: Pod, violates: boolean): void => {
    dry.addPod(p);
    if (!fits(cycle, pod, dry, profile)) {
      dry.removePod(p);
      victims.push(p);
      if (violates) numPDBViolations++;
    }
  };
  for (const p of violating) reprieve(p, true);
  for (const p of nonViolating) reprieve(p, false);
  if (victims.length === 0) return null;
  victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
  return { victims, numPDBViolations };
}

/** Go's math.MaxInt32 + 1: added to each victim priority so the sum ranks non-negatively. */
const PRIORITY_OFFSET = 2147483648;

/** pickOneNodeForPreemption over the candidates, in their order; undefined when there is none. */
export function pickOneNodeForPreemption(candidates: readonly PreemptionCandidate[]): PreemptionCandidate | undefined {
  if (candidates.length === 0) return undefined;
  let best = candidates;
  const keepMin = (score: (c: PreemptionCandidate) => number): void => {
    if (best.length <= 1) return;
    let min = Infinity;
    for (const c of best) min = Math.min(min, score(c));
    best = best.filter((c) => score(c) === min);
  };
  keepMin((c) => c.numPDBViolations);
  keepMin((c) => podPriority(c.victims[0]));
  keepMin((c) => c.victims.reduce((s, v) => s + podPriority(v) + PRIORITY_OFFSET, 0));
  keepMin((c) => c.victims.length);
  keepMin((c) => {
    const top = podPriority(c.victims[0]);
    let earliest = Infinity;
    for (const v of c.victims) if (podPriority(v) === top) earliest = Math.min(earliest, startTime(v));
    return -earliest;
  });
  return best[0];
}

/**
 * The preemption decision for a pod that failed its cycle: the chosen node and victims, or the
 * reason none exists. `rejected` are the nodes the cycle evaluated with their statuses.
 */
export function findPreemption(
  pod: Pod,
  snapshot: Snapshot,
  profile: Profile,
  rejectedNodes: readonly NodeInfo[],
  rejectedStatuses: readonly Status[],
  ctx: PreemptionContext,
): PreemptionCandidate | string {
  const why = notEligibleReason(pod, snapshot);
  if (why !== null) return why;
  const potential: NodeInfo[] = [];
  for (let i = 0; i < rejectedNodes.length; i++) if (rejectedStatuses[i].code === 'Unschedulable') potential.push(rejectedNodes[i]);
  if (potential.length === 0) return 'No preemption victims found for incoming pod.';
  const cycle = runPreFilter(pod, snapshot, profile);
  if (cycle === null) return 'No preemption victims found for incoming pod.';
  const want = Math.min(potential.length, Math.max(Math.trunc((potential.length * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE));
  const offset = ctx.pickRandom(potential.length);
  const candidates: PreemptionCandidate[] = [];
  for (let k = 0; k < potential.length && candidates.length < want; k++) {
    const ni = potential[(offset + k) % potential.length];
    const sel = selectVictimsOnNode(pod, ni, cycle, profile, ctx.pdbs);
    if (sel !== null) candidates.push({ node: ni.name, victims: sel.victims, numPDBViolations: sel.numPDBViolations });
  }
  return pickOneNodeForPreemption(candidates) ?? 'No preemption victims found for incoming pod.';
}
