import { LabelSelector, LabelSelectorRequirement, controllerOf } from '../api/meta';
import { Pod } from '../api/pod';
import { KubeObject } from '../api/meta';
import { Service } from '../api/service';
import { Store } from '../store/store';

/** The lookups DefaultSelector needs from the API server. */
export type SelectorLister = Pick<Store, 'list' | 'get'>;

interface WithSelector extends KubeObject {
  spec: { selector?: LabelSelector | Record<string, string> };
}

function matchesMap(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const k of Object.keys(selector)) if (labels[k] !== selector[k]) return false;
  return true;
}

/**
 * helper.DefaultSelector: the union of the selectors of the Services of the pod's namespace whose
 * selector matches the pod (their label maps), and of its controlling ReplicaSet, StatefulSet or
 * ReplicationController (matchLabels merged, matchExpressions appended). Null when nothing
 * selects the pod, so the system default spread constraints do not apply.
 *
 * Simplification: upstream also counts ReplicaSets/StatefulSets selecting the pod without owning
 * it; kubesim uses the pod's controller only (workload selectors do not overlap in practice).
 */
export function defaultSelector(pod: Pod, lister: SelectorLister): LabelSelector | null {
  const labels = pod.metadata.labels;
  if (!labels) return null;
  const ns = pod.metadata.namespace;
  let matchLabels: Record<string, string> | null = null;
  let exprs: LabelSelectorRequirement[] | null = null;
  for (const svc of lister.list<Service>('Service')) {
    const sel = svc.spec?.selector;
    if (svc.metadata.namespace !== ns || !sel || Object.keys(sel).length === 0 || !matchesMap(sel, labels)) continue;
    matchLabels = { ...(matchLabels ?? {}), ...sel };
  }
  const owner = controllerOf(pod.metadata);
  if (owner && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet' || owner.kind === 'ReplicationController')) {
    const o = lister.get<WithSelector>(owner.kind, `${ns}/${owner.name}`);
    const sel = o?.spec.selector;
    if (sel) {
      if (owner.kind === 'ReplicationController') matchLabels = { ...(matchLabels ?? {}), ...(sel as Record<string, string>) };
      else {
        const ls = sel as LabelSelector;
        if (ls.matchLabels) matchLabels = { ...(matchLabels ?? {}), ...ls.matchLabels };
        if (ls.matchExpressions?.length) exprs = [...(exprs ?? []), ...ls.matchExpressions];
      }
    }
  }
  if (matchLabels === null && exprs === null) return null;
  const out: LabelSelector = {};
  if (matchLabels !== null) out.matchLabels = matchLabels;
  if (exprs !== null) out.matchExpressions = exprs;
  return out;
}
