import { Engine } from '../engine/engine';
import { Actor, SimEvent } from '../engine/event-queue';
import { Time } from '../engine/time';
import { KubeObject, controllerOf, objectKey } from '../api/meta';
import { Pod, isPodReady } from '../api/pod';

/**
 * Counts of the pods a controller owns, kept by the store on every write (an informer index):
 * `active` pods are neither terminal nor being deleted (controller.IsPodActive); `ready` are
 * active pods whose Ready condition is True.
 */
export interface OwnedPodCounts {
  active: number;
  ready: number;
}

/** What the owner index last counted for one pod. */
interface PodCount {
  owner: string;
  active: boolean;
  ready: boolean;
}

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * A synchronous index over one kind (an informer indexer that is never behind the store).
 * Contract: indexed(obj) is called by every create and update of an object of the kind, and
 * unindexed(obj) by its removal, inside the write, after the store's own indexes are updated and
 * before the write's watch notification is scheduled; calls come in write order and see the
 * object as it is at that write. A handler must not write to the store.
 */
export interface StoreIndexer {
  indexed(obj: KubeObject): void;
  unindexed(obj: KubeObject): void;
}

/** A watcher of one or more kinds (an informer's event handler). */
export interface Watcher {
  onWatch(type: WatchType, obj: KubeObject): void;
}

/** A pending notification: one per write, delivered to every watcher of the object's kind. */
interface Notification {
  type: WatchType;
  obj: KubeObject;
}

const DELIVER = 0;

/** Alphabet of apimachinery's utilrand.String (no vowels, no confusable digits). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The in-memory API server: objects by kind and key, resourceVersions, owner and node indexes,
 * and watch notifications delivered through the engine after a modelled latency.
 *
 * Contracts:
 * - Objects are mutated in place by their writers, who then call update(); the store never copies.
 *   A watcher therefore sees the object as it is at delivery time (a coalescing informer), which
 *   is sound for level-triggered reconcilers.
 * - Indexed fields (spec.nodeName of pods, ownerReferences) may change only through update(); the
 *   store re-indexes by comparing with what it recorded at the last write.
 * - Notifications are delivered in write order (FIFO on equal latency).
 */
export class Store implements Actor {
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly watchers = new Map<string, Watcher[]>();
  private readonly indexers = new Map<string, StoreIndexer[]>();
  private readonly byOwner = new Map<string, Set<KubeObject>>();
  private readonly podsByNode = new Map<string, Set<Pod>>();
  private readonly indexedNode = new Map<string, string>();
  private readonly indexedOwner = new Map<string, string>();
  private readonly podCounts = new Map<string, PodCount>();
  private readonly ownerCounts = new Map<string, OwnedPodCounts>();
  private resourceVersion = 0;
  private uidCounter = 0;
  writes = 0;
  /** Mutating admission steps run by create() before the object is stored (e.g. Pod priority). */
  readonly admission: ((obj: KubeObject) => void)[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly watchLatency: Time,
  ) {}

  /** Registers a watcher for a kind. Watchers are called in registration order. */
  watch(kind: string, w: Watcher): void {
    let list = this.watchers.get(kind);
    if (!list) this.watchers.set(kind, (list = []));
    list.push(w);
  }

  /**
   * Registers a StoreIndexer for a kind; objects already stored are passed to indexed() at once,
   * in creation order. Indexers are called in registration order.
   */
  indexer(kind: string, handler: StoreIndexer): void {
    let list = this.indexers.get(kind);
    if (!list) this.indexers.set(kind, (list = []));
    list.push(handler);
    for (const o of this.list(kind)) handler.indexed(o);
  }

  private table(kind: string): Map<string, KubeObject> {
    let t = this.objects.get(kind);
    if (!t) this.objects.set(kind, (t = new Map()));
    return t;
  }

  get<T extends KubeObject>(kind: string, key: string): T | undefined {
    return this.objects.get(kind)?.get(key) as T | undefined;
  }

  /** All objects of a kind, in creation order (Map insertion order: deterministic). */
  list<T extends KubeObject>(kind: string): IterableIterator<T> {
    return (this.table(kind).values() as IterableIterator<T>);
  }

  count(kind: string): number {
    return this.objects.get(kind)?.size ?? 0;
  }

  /** Objects whose controller owner reference has this uid, in insertion order. */
  ownedBy<T extends KubeObject>(uid: string): ReadonlySet<T> {
    return (this.byOwner.get(uid) ?? EMPTY) as ReadonlySet<T>;
  }

  /** Active and ready pod counts of an owner (by its uid); zeros when it owns none. */
  ownedPodCounts(uid: string): OwnedPodCounts {
    return this.ownerCounts.get(uid) ?? NO_PODS;
  }

  /** Pods bound to a node, in insertion order. */
  podsOn(nodeName: string): ReadonlySet<Pod> {
    return this.podsByNode.get(nodeName) ?? (EMPTY as ReadonlySet<Pod>);
  }

  /**
   * A name for metadata.generateName as the API server makes one: the prefix plus 5 characters
   * of utilrand's alphabet, drawn from the "apiserver:names" stream; retried on collision.
   */
  generateName(kind: string, namespace: string | undefined, prefix: string): string {
    const u = this.engine.rng.stream('apiserver:names');
    const t = this.table(kind);
    for (;;) {
      let s = prefix;
      for (let i = 0; i < 5; i++) s += NAME_ALPHABET[Math.floor(u() * NAME_ALPHABET.length)];
      const key = namespace ? `${namespace}/${s}` : s;
      if (!t.has(key)) return s;
    }
  }

  /**
   * Creates an object: fills uid, resourceVersion, creationTimestamp and generation; names it from
   * generateName when name is empty. Throws AlreadyExists when the key is taken.
   */
  create<T extends KubeObject>(obj: T): T {
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = this.generateName(obj.kind, meta.namespace, meta.generateName);
    const t = this.table(obj.kind);
    const key = objectKey(meta);
    if (t.has(key)) throw new StoreError(`${obj.kind} "${key}" already exists`);
    for (let i = 0; i < this.admission.length; i++) this.admission[i](obj);
    meta.uid = `uid-${++this.uidCounter}`;
    meta.resourceVersion = ++this.resourceVersion;
    meta.creationTimestamp = this.engine.now;
    if (meta.generation === undefined) meta.generation = 1;
    t.set(key, obj);
    this.index(obj);
    this.notify('ADDED', obj);
    return obj;
  }

  /** Records an in-place change: bumps resourceVersion, re-indexes, notifies watchers. */
  update<T extends KubeObject>(obj: T): T {
    const key = objectKey(obj.metadata);
    if (this.objects.get(obj.kind)?.get(key) !== obj) {
      throw new StoreError(`${obj.kind} "${key}" is not in the store`);
    }
    obj.metadata.resourceVersion = ++this.resourceVersion;
    this.index(obj);
    this.notify('MODIFIED', obj);
    return obj;
  }

  /** Removes an object at once (the end of graceful deletion, or a non-graceful delete). */
  remove(obj: KubeObject): boolean {
    const t = this.objects.get(obj.kind);
    const key = objectKey(obj.metadata);
    if (!t || t.get(key) !== obj) return false;
    t.delete(key);
    this.unindex(obj);
    obj.metadata.resourceVersion = ++this.resourceVersion;
    this.notify('DELETED', obj);
    return true;
  }

  /**
   * The API server's DELETE. A pod bound to a node with a grace period > 0 is only marked
   * (deletionTimestamp, deletionGracePeriodSeconds) and removed later by its kubelet; anything else
   * is removed at once. Dependents (ownerReferences with controller: true) are deleted in the
   * background, as the garbage collector's default propagation does; kubesim runs the cascade at
   * the same instant (a simplification: the real collector lags by its own sync).
   */
  delete(obj: KubeObject, gracePeriodSeconds?: number): void {
    const meta = obj.metadata;
    if (obj.kind === 'Pod') {
      const pod = obj as Pod;
      const grace = gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      if (pod.spec.nodeName && grace > 0) {
        if (meta.deletionTimestamp !== undefined) return;
        meta.deletionTimestamp = this.engine.now + grace * 1_000_000;
        meta.deletionGracePeriodSeconds = grace;
        this.update(pod);
        return;
      }
      this.remove(obj);
      return;
    }
    if (!this.remove(obj)) return;
    const dependents = this.byOwner.get(meta.uid!);
    if (dependents) for (const d of [...dependents]) this.delete(d);
  }

  private index(obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const owner = controllerOf(obj.metadata)?.uid;
    const prevOwner = this.indexedOwner.get(uid);
    if (owner !== prevOwner) {
      if (prevOwner !== undefined) this.byOwner.get(prevOwner)?.delete(obj);
      if (owner !== undefined) {
        let s = this.byOwner.get(owner);
        if (!s) this.byOwner.set(owner, (s = new Set()));
        s.add(obj);
        this.indexedOwner.set(uid, owner);
      } else this.indexedOwner.delete(uid);
    }
    if (obj.kind === 'Pod') {
      this.countPod(obj as Pod, owner);
      const node = (obj as Pod).spec.nodeName;
      const prevNode = this.indexedNode.get(uid);
      if (node !== prevNode) {
        if (prevNode !== undefined) this.podsByNode.get(prevNode)?.delete(obj as Pod);
        if (node) {
          let s = this.podsByNode.get(node);
          if (!s) this.podsByNode.set(node, (s = new Set()));
          s.add(obj as Pod);
          this.indexedNode.set(uid, node);
        } else this.indexedNode.delete(uid);
      }
    }
    const indexers = this.indexers.get(obj.kind);
    if (indexers) for (let i = 0; i < indexers.length; i++) indexers[i].indexed(obj);
  }

  /** Keeps ownerCounts equal to the counts over the pods now in the store. */
  private countPod(pod: Pod, owner: string | undefined): void {
    const uid = pod.metadata.uid!;
    const prev = this.podCounts.get(uid);
    if (prev) this.addCount(prev, -1);
    if (owner === undefined) {
      if (prev) this.podCounts.delete(uid);
      return;
    }
    const phase = pod.status.phase;
    const active = phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
    const c: PodCount = prev ?? { owner, active, ready: false };
    c.owner = owner;
    c.active = active;
    c.ready = active && isPodReady(pod);
    this.podCounts.set(uid, c);
    this.addCount(c, 1);
  }

  private addCount(c: PodCount, d: number): void {
    let counts = this.ownerCounts.get(c.owner);
    if (!counts) this.ownerCounts.set(c.owner, (counts = { active: 0, ready: 0 }));
    if (c.active) counts.active += d;
    if (c.ready) counts.ready += d;
    if (counts.active === 0 && counts.ready === 0) this.ownerCounts.delete(c.owner);
  }

  private unindex(obj: KubeObject): void {
    const uid = obj.metadata.uid!;
    const counted = this.podCounts.get(uid);
    if (counted) {
      this.addCount(counted, -1);
      this.podCounts.delete(uid);
    }
    const prevOwner = this.indexedOwner.get(uid);
    if (prevOwner !== undefined) {
      const s = this.byOwner.get(prevOwner);
      s?.delete(obj);
      if (s && s.size === 0) this.byOwner.delete(prevOwner);
      this.indexedOwner.delete(uid);
    }
    const prevNode = this.indexedNode.get(uid);
    if (prevNode !== undefined) {
      this.podsByNode.get(prevNode)?.delete(obj as Pod);
      this.indexedNode.delete(uid);
    }
    // Objects owned by the removed one keep their reference; the garbage collector deletes them.
    const indexers = this.indexers.get(obj.kind);
    if (indexers) for (let i = 0; i < indexers.length; i++) indexers[i].unindexed(obj);
  }

  private notify(type: WatchType, obj: KubeObject): void {
    this.writes++;
    if (!this.watchers.has(obj.kind)) return;
    const n: Notification = { type, obj };
    this.engine.schedule(this.watchLatency, this, DELIVER, n);
  }

  handle(ev: SimEvent): void {
    const n = ev.arg as Notification;
    const list = this.watchers.get(n.obj.kind);
    if (!list) return;
    for (let i = 0; i < list.length; i++) list[i].onWatch(n.type, n.obj);
  }
}

const EMPTY: ReadonlySet<never> = new Set<never>();
const NO_PODS: OwnedPodCounts = Object.freeze({ active: 0, ready: 0 });

/** A store precondition failed (already exists, not found). */
export class StoreError extends Error {}
