import { Selector } from '../api/label-selector';
import { Pod } from '../api/pod';
import { Store, WatchType } from '../store/store';

interface Owner {
  namespace: string;
  selector: Selector;
  members: Set<Pod>;
}

/**
 * Which pods each selector-owning object (a Service, a PodDisruptionBudget) selects, kept
 * incrementally from pod watch notifications, so a sync reads its members instead of scanning
 * every pod. An owner's membership is rebuilt by one scan when the owner is set or changed.
 * Invariant: members(key) holds exactly the live pods of the owner's namespace whose labels match.
 */
export class SelectorIndex {
  private readonly owners = new Map<string, Owner>();
  private readonly byNamespace = new Map<string, string[]>();

  constructor(private readonly store: Store) {}

  /** Sets or replaces an owner's selector and rebuilds its members. */
  set(key: string, namespace: string, selector: Selector): void {
    const prev = this.owners.get(key);
    if (prev && prev.selector === selector) return;
    if (!prev) {
      let keys = this.byNamespace.get(namespace);
      if (!keys) this.byNamespace.set(namespace, (keys = []));
      keys.push(key);
    }
    const members = new Set<Pod>();
    for (const p of this.store.list<Pod>('Pod')) {
      if (p.metadata.namespace === namespace && selector.matches(p.metadata.labels ?? {})) members.add(p);
    }
    this.owners.set(key, { namespace, selector, members });
  }

  remove(key: string): void {
    const o = this.owners.get(key);
    if (!o) return;
    this.owners.delete(key);
    const keys = this.byNamespace.get(o.namespace)!;
    keys.splice(keys.indexOf(key), 1);
  }

  members(key: string): ReadonlySet<Pod> {
    return this.owners.get(key)?.members ?? EMPTY;
  }

  /** Updates membership for one pod notification; calls `affected` for each owner that selects (or selected) it. */
  onPod(type: WatchType, pod: Pod, affected: (key: string) => void): void {
    const keys = this.byNamespace.get(pod.metadata.namespace ?? '');
    if (!keys) return;
    const labels = pod.metadata.labels ?? {};
    for (let i = 0; i < keys.length; i++) {
      const o = this.owners.get(keys[i])!;
      const match = type !== 'DELETED' && o.selector.matches(labels);
      if (match) {
        o.members.add(pod);
        affected(keys[i]);
      } else if (o.members.delete(pod)) affected(keys[i]);
    }
  }
}

const EMPTY: ReadonlySet<Pod> = new Set<Pod>();
