/** Something a control-plane component runs that can be stopped while it has no leader. */
export interface Pausable {
  pause(): void;
  resume(): void;
  /** Work waiting (queued keys, pending pods). */
  readonly depth: number;
  /** Queues every key again, as a new leader's informers relisting (optional: the scheduler needs none). */
  resyncAll?(): void;
}

/** The control-plane components whose replicas elect a leader. */
export type ComponentName = 'kube-controller-manager' | 'kube-scheduler';

/**
 * Which loops belong to which control-plane component. Controllers register their work queues
 * under kube-controller-manager, the scheduler registers under kube-scheduler; leader election
 * pauses a component's loops while it is leaderless and resumes them when a new leader has
 * synced its caches. Without leader election configured nothing is ever paused.
 */
export class ComponentGate {
  private readonly members = new Map<ComponentName, Pausable[]>();
  private readonly paused = new Set<ComponentName>();

  register(component: ComponentName, p: Pausable): void {
    let list = this.members.get(component);
    if (!list) this.members.set(component, (list = []));
    list.push(p);
    if (this.paused.has(component)) p.pause();
  }

  pause(component: ComponentName): void {
    if (this.paused.has(component)) return;
    this.paused.add(component);
    for (const p of this.members.get(component) ?? []) p.pause();
  }

  resume(component: ComponentName): void {
    if (!this.paused.delete(component)) return;
    for (const p of this.members.get(component) ?? []) p.resume();
  }

  /** A full resync of a component's loops (a new leader's initial list); call while paused, then resume. */
  resyncAll(component: ComponentName): void {
    for (const p of this.members.get(component) ?? []) p.resyncAll?.();
  }

  isPaused(component: ComponentName): boolean {
    return this.paused.has(component);
  }

  /** Total work waiting in a component's loops. */
  depth(component: ComponentName): number {
    let n = 0;
    for (const p of this.members.get(component) ?? []) n += p.depth;
    return n;
  }
}
