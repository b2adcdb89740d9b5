import { Time, MINUTE } from '../engine/time';
import { Selector, labelSelectorAsSelector } from '../api/label-selector';
import { Pod, isPodReady } from '../api/pod';
import { PodDisruptionBudget } from '../api/pdb';
import { Store } from './store';

/** The eviction subresource's answer: deleted (201), or refused with 429 Too Many Requests. */
export type EvictionOutcome =
  | { result: 'allowed'; pdb?: string }
  | { result: 'blocked'; status: 429 | 500; pdb: string; message: string };

/** How long an evicted pod counts as disrupted in a PDB's status (upstream's DeletionTimeout, 2 min). */
export const DISRUPTED_POD_TIMEOUT: Time = 2 * MINUTE;

/**
 * The Eviction API (pkg/registry/core/pod/storage/eviction.go), as one function every actor can
 * call through the store:
 * - pods already terminal, Pending or being deleted are deleted without consulting budgets
 *   (canIgnorePDB);
 * - no PDB selecting the pod → deleted; more than one → 500 ("This pod has more than one
 *   PodDisruptionBudget, which the eviction subresource does not support.");
 * - a Running pod that is not Ready is deleted when the budget is met (currentHealthy ≥
 *   desiredHealthy, unhealthyPodEvictionPolicy IfHealthyBudget) or policy AlwaysAllow;
 * - otherwise checkAndDecrement: refused with 429 when the PDB's status has not observed its
 *   generation or disruptionsAllowed is 0; else disruptionsAllowed is decremented, the pod is
 *   recorded in disruptedPods (so the disruption controller does not count it healthy) and deleted
 *   with its own grace period.
 * Budgets are read from the PDB's status as the disruption controller last wrote it.
 */
export function evict(store: Store, pod: Pod, now: Time): EvictionOutcome {
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined) {
    store.delete(pod);
    return { result: 'allowed' };
  }
  const pdbs = budgetsFor(store, pod);
  if (pdbs.length === 0) {
    store.delete(pod);
    return { result: 'allowed' };
  }
  const pdb = pdbs[0];
  const name = pdb.metadata.name;
  if (pdbs.length > 1) {
    return { result: 'blocked', status: 500, pdb: name, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
  }
  const st = pdb.status;
  if (!isPodReady(pod)) {
    const policy = pdb.spec.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    if (policy === 'AlwaysAllow' || (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0)) {
      store.delete(pod);
      return { result: 'allowed', pdb: name };
    }
  }
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    return { result: 'blocked', status: 429, pdb: name, message: "Cannot evict pod as it would violate the pod's disruption budget." };
  }
  if (st.disruptionsAllowed <= 0) {
    return { result: 'blocked', status: 429, pdb: name, message: "Cannot evict pod as it would violate the pod's disruption budget." };
  }
  st.disruptionsAllowed--;
  const disrupted = (pdb.status as PdbStatusWithDisrupted).disruptedPods ?? {};
  (pdb.status as PdbStatusWithDisrupted).disruptedPods = { ...disrupted, [pod.metadata.name]: now };
  store.update(pdb);
  store.delete(pod);
  return { result: 'allowed', pdb: name };
}

/** status.disruptedPods: pod name → eviction time (virtual µs). */
export interface PdbStatusWithDisrupted {
  disruptedPods?: Record<string, Time>;
}

const selectors = new WeakMap<object, Selector>();

/** A PDB's selector as policy/v1 reads it: an empty selector selects every pod of the namespace. */
export function pdbSelector(pdb: PodDisruptionBudget): Selector {
  const ls = pdb.spec.selector ?? EMPTY_SELECTOR;
  let sel = selectors.get(ls);
  if (sel === undefined) selectors.set(ls, (sel = labelSelectorAsSelector(ls)));
  return sel;
}
const EMPTY_SELECTOR = {};

/** The PDBs of the pod's namespace whose selector matches its labels (getPodDisruptionBudgets). */
export function budgetsFor(store: Store, pod: Pod): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = [];
  const ns = pod.metadata.namespace;
  for (const pdb of store.list<PodDisruptionBudget>('PodDisruptionBudget')) {
    if (pdb.metadata.namespace !== ns || !pdb.status) continue;
    if (pdbSelector(pdb).matches(pod.metadata.labels ?? {})) out.push(pdb);
  }
  return out;
}
