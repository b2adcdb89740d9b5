import { Time } from '../../engine/time';
import { KubeObject, objectKey } from '../../api/meta';
import { Pod } from '../../api/pod';
import { Service } from '../../api/service';
import { Endpoint, EndpointSlice, LABEL_SERVICE_NAME } from '../../api/endpoints';
import { LABEL_ZONE, Node } from '../../api/node';
import { Selector, selectorFromSet } from '../../api/label-selector';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { SelectorIndex } from '../selector-index';
import { endpointConditions, podHasEndpoint } from './endpoint-conditions';

/** Per Service: the counts the series report, as of the last sync. */
interface Counts {
  ready: number;
  serving: number;
  terminating: number;
  total: number;
}

/**
 * The EndpointSlice controller (pkg/controller/endpointslice): for each Service with a selector,
 * one EndpointSlice listing the selected pods with ready / serving / terminating conditions
 * (endpoint-conditions.ts). A Service without a selector is left alone, as upstream. The ready
 * count over time is the availability signal: series service_endpoints_ready, _serving,
 * _terminating and _total, and an EndpointsChanged timeline row when the ready count changes.
 */
export class EndpointsController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  private readonly index: SelectorIndex;
  private readonly counts = new Map<string, Counts>();
  private readonly selectors = new WeakMap<object, Selector>();
  private readonly enqueue = (key: string) => this.queue.add(key);

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    this.index = new SelectorIndex(ctx.store);
    ctx.store.watch('Service', this);
    ctx.store.watch('Pod', this);
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'Pod') {
      this.index.onPod(type, obj as Pod, this.enqueue);
      return;
    }
    const svc = obj as Service;
    const key = objectKey(svc.metadata);
    if (type === 'DELETED' || !svc.spec.selector) this.index.remove(key);
    else this.index.set(key, svc.metadata.namespace ?? '', this.selectorOf(svc.spec.selector));
    this.queue.add(key);
  }

  private selectorOf(set: Record<string, string>): Selector {
    let s = this.selectors.get(set);
    if (s === undefined) this.selectors.set(set, (s = selectorFromSet(set)));
    return s;
  }

  reconcile(key: string): Time | undefined {
    const { store, recorder } = this.ctx;
    const svc = store.get<Service>('Service', key);
    const slice = store.get<EndpointSlice>('EndpointSlice', key);
    if (!svc || !svc.spec.selector) {
      if (slice) store.remove(slice);
      this.counts.delete(key);
      return undefined;
    }
    const publish = svc.spec.publishNotReadyAddresses === true;
    const endpoints: Endpoint[] = [];
    const c: Counts = { ready: 0, serving: 0, terminating: 0, total: 0 };
    for (const p of this.index.members(key)) {
      if (!podHasEndpoint(p)) continue;
      const conditions = endpointConditions(p, publish);
      const node = store.get<Node>('Node', p.spec.nodeName!);
      endpoints.push({ targetRef: { kind: 'Pod', name: p.metadata.name, uid: p.metadata.uid! }, nodeName: p.spec.nodeName, zone: node?.metadata.labels?.[LABEL_ZONE], conditions });
      c.total++;
      if (conditions.ready) c.ready++;
      if (conditions.serving) c.serving++;
      if (conditions.terminating) c.terminating++;
    }
    const prev = this.counts.get(key);
    if (prev && prev.ready === c.ready && prev.serving === c.serving && prev.terminating === c.terminating && prev.total === c.total && slice) return undefined;
    this.counts.set(key, c);
    if (slice) {
      slice.endpoints = endpoints;
      store.update(slice);
    } else {
      store.create<EndpointSlice>({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: { [LABEL_SERVICE_NAME]: svc.metadata.name } },
        endpoints,
      });
    }
    if (!prev || prev.ready !== c.ready) recorder.record('Service', svc.metadata.namespace, svc.metadata.name, 'EndpointsChanged', '', `${c.ready} ready of ${c.total}`);
    return undefined;
  }

  /** The counts of a Service's endpoints at its last sync (undefined before the first). */
  countsOf(key: string): Readonly<Counts> | undefined {
    return this.counts.get(key);
  }

  sample(emit: (metric: string, ns: string, name: string, value: number) => void): void {
    for (const svc of this.ctx.store.list<Service>('Service')) {
      const c = this.counts.get(objectKey(svc.metadata));
      if (!c) continue;
      const ns = svc.metadata.namespace ?? '';
      emit('service_endpoints_ready', ns, svc.metadata.name, c.ready);
      emit('service_endpoints_serving', ns, svc.metadata.name, c.serving);
      emit('service_endpoints_terminating', ns, svc.metadata.name, c.terminating);
      emit('service_endpoints_total', ns, svc.metadata.name, c.total);
    }
  }
}
