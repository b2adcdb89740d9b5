import { Time, SECOND } from '../../engine/time';
import { KubeObject, controllerOf, objectKey } from '../../api/meta';
import { Pod, isPodAvailable, isPodReady, readySince, NodeSelectorTerm } from '../../api/pod';
import { LABEL_ZONE, Node } from '../../api/node';
import {
  CONTROLLER_REVISION_HASH_LABEL,
  POD_INDEX_LABEL,
  PersistentVolumeClaim,
  STATEFULSET_POD_NAME_LABEL,
  StatefulSet,
  StatefulSetStatus,
} from '../../api/statefulset';
import { PodTemplateSpec } from '../../api/workloads';
import { SimContext } from '../../sim/context';
import { Watcher, WatchType } from '../../store/store';
import { Reconciler, WorkQueue } from '../work-queue';
import { podFromTemplate } from '../pod-template';
import { computeHash } from '../deployment/template-hash';
import { RolloutRecord, startRollout, trackRollout } from '../rollout-record';
import { OrdinalState, claimName, ordinalOf, partitionOf, rollingUpdateVictims, statefulPodName, statefulSetMaxUnavailable } from './statefulset-math';

export interface StatefulSetOptions {
  /**
   * Storage is zonal (scenario spec.storage.zonal): a claim's volume is provisioned in the zone of
   * the node its pod first lands on (WaitForFirstConsumer), and every later pod of that ordinal is
   * pinned to that zone by a required node affinity, as the volume's nodeAffinity pins it upstream.
   */
  zonalStorage: boolean;
}

/**
 * The StatefulSet controller (pkg/controller/statefulset, stateful_set_control.go), one bounded
 * step per sync:
 * - ordinals [0, replicas) get pods named "<set>-<ordinal>" with stable identity (hostname,
 *   subdomain = serviceName, the pod-name and pod-index labels) and claims
 *   "<template>-<set>-<ordinal>" that outlive their pods;
 * - OrderedReady creates one pod at a time in ordinal order and waits for each to be Running and
 *   Ready (available for minReadySeconds) before the next, deletes condemned pods (ordinal ≥
 *   replicas) one at a time from the highest; Parallel creates and deletes them all at once;
 * - failed pods are deleted and recreated under the same name once the old one is gone;
 * - RollingUpdate replaces outdated pods with ordinal ≥ partition from the highest ordinal down,
 *   within maxUnavailable (statefulset-math.ts); OnDelete only gives recreated pods the new revision;
 * - a recreated pod below the partition keeps the current revision's template.
 * Revisions are hashes of the pod template, remembered by the controller (upstream stores them as
 * ControllerRevisions); status.currentRevision moves to the update revision when every pod is updated.
 */
export class StatefulSetController implements Reconciler, Watcher {
  readonly queue: WorkQueue;
  readonly rollouts: RolloutRecord[] = [];
  private readonly current = new Map<string, RolloutRecord>();
  private readonly progress = new Map<RolloutRecord, number>();
  /** Templates by set uid and revision hash. */
  private readonly revisions = new Map<string, Map<string, PodTemplateSpec>>();

  constructor(
    private readonly ctx: SimContext,
    private readonly options: StatefulSetOptions = { zonalStorage: false },
  ) {
    this.queue = new WorkQueue(ctx.engine, this, ctx.latencies.controllerSync);
    ctx.store.watch('StatefulSet', this);
    ctx.store.watch('Pod', this);
  }

  onWatch(_type: WatchType, obj: KubeObject): void {
    if (obj.kind === 'StatefulSet') {
      this.queue.add(objectKey(obj.metadata));
      return;
    }
    const owner = controllerOf(obj.metadata);
    if (owner?.kind !== 'StatefulSet') return;
    const pod = obj as Pod;
    if (pod.spec.nodeName && pod.spec.volumes) this.bindClaims(pod);
    this.queue.add(`${obj.metadata.namespace}/${owner.name}`);
  }

  reconcile(key: string): Time | undefined {
    const { store, engine } = this.ctx;
    const set = store.get<StatefulSet>('StatefulSet', key);
    if (!set) {
      this.current.delete(key);
      return undefined;
    }
    const now = engine.now;
    const uid = set.metadata.uid!;
    const name = set.metadata.name;
    const replicas = set.spec.replicas ?? 1;
    const minReady = set.spec.minReadySeconds ?? 0;
    const st = (set.status ??= { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 });
    if (st.replicas === undefined) Object.assign(st, { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 });

    const updateRevision = computeHash(set.spec.template);
    let revs = this.revisions.get(uid);
    if (!revs) this.revisions.set(uid, (revs = new Map()));
    revs.set(updateRevision, set.spec.template);
    if (st.currentRevision === undefined) st.currentRevision = updateRevision;
    if (st.updateRevision !== updateRevision) this.rolloutStarted(set, key);
    st.updateRevision = updateRevision;

    const byOrdinal = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const p of store.ownedBy<Pod>(uid)) {
      if (p.kind !== 'Pod') continue;
      const ord = ordinalOf(p.metadata.name, name);
      if (ord < 0) continue;
      if (ord < replicas) byOrdinal.set(ord, p);
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(b.metadata.name, name) - ordinalOf(a.metadata.name, name));
    const monotonic = set.spec.podManagementPolicy !== 'Parallel';
    let requeue: Time | undefined;
    const healthy = (p: Pod) => {
      if (p.status.phase !== 'Running' || p.metadata.deletionTimestamp !== undefined || !isPodReady(p)) return false;
      if (isPodAvailable(p, minReady, now)) return true;
      const at = readySince(p)! + minReady * SECOND - now;
      requeue = requeue === undefined ? at : Math.min(requeue, at);
      return false;
    };

    let blocked = false;
    for (let ord = 0; ord < replicas && !blocked; ord++) {
      const p = byOrdinal.get(ord);
      if (!p) {
        // The previous pod of this identity may still be terminating: wait until its name is free.
        if (store.get('Pod', `${set.metadata.namespace}/${statefulPodName(name, ord)}`)) {
          blocked = monotonic;
          continue;
        }
        this.createPod(set, ord, revs);
        blocked = monotonic;
        continue;
      }
      if (p.status.phase === 'Failed' || p.status.phase === 'Succeeded') {
        if (p.metadata.deletionTimestamp === undefined) {
          store.delete(p);
          this.ctx.recorder.record('StatefulSet', set.metadata.namespace, name, 'SuccessfulDelete', p.spec.nodeName ?? '', `delete Pod ${p.metadata.name} (${p.status.phase})`);
        }
        blocked = monotonic;
        continue;
      }
      if (monotonic && !healthy(p)) blocked = true;
    }
    if (!blocked) {
      for (const p of condemned) {
        if (p.metadata.deletionTimestamp !== undefined) {
          if (monotonic) break;
          continue;
        }
        store.delete(p);
        this.ctx.recorder.record('StatefulSet', set.metadata.namespace, name, 'SuccessfulDelete', p.spec.nodeName ?? '', `delete Pod ${p.metadata.name}`);
        if (monotonic) break;
      }
    }
    if (!blocked && condemned.length === 0 && set.spec.updateStrategy?.type !== 'OnDelete') {
      const states: OrdinalState[] = [];
      for (let ord = 0; ord < replicas; ord++) {
        const p = byOrdinal.get(ord);
        states.push(
          p
            ? { exists: true, terminating: p.metadata.deletionTimestamp !== undefined, healthy: healthy(p), updated: p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === updateRevision }
            : { exists: false, terminating: false, healthy: false, updated: false },
        );
      }
      for (const ord of rollingUpdateVictims(states, partitionOf(set), statefulSetMaxUnavailable(set, replicas))) {
        const p = byOrdinal.get(ord)!;
        store.delete(p);
        this.ctx.recorder.record('StatefulSet', set.metadata.namespace, name, 'SuccessfulDelete', p.spec.nodeName ?? '', `delete Pod ${p.metadata.name} for update to revision ${updateRevision}`);
      }
    }
    this.syncStatus(set, key, updateRevision, now);
    return requeue;
  }

  private createPod(set: StatefulSet, ord: number, revs: Map<string, PodTemplateSpec>): void {
    const { store, recorder } = this.ctx;
    const name = set.metadata.name;
    const st = set.status;
    const rolling = set.spec.updateStrategy?.type !== 'OnDelete';
    const useCurrent = rolling && ord < partitionOf(set) && revs.has(st.currentRevision!);
    const revision = useCurrent ? st.currentRevision! : st.updateRevision!;
    const template = revs.get(revision)!;
    const podName = statefulPodName(name, ord);
    const pod = podFromTemplate(template, set, '', podName);
    pod.metadata.generateName = undefined;
    pod.metadata.labels![STATEFULSET_POD_NAME_LABEL] = podName;
    pod.metadata.labels![POD_INDEX_LABEL] = String(ord);
    pod.metadata.labels![CONTROLLER_REVISION_HASH_LABEL] = revision;
    pod.spec.hostname = podName;
    if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
    const claims = set.spec.volumeClaimTemplates ?? [];
    if (claims.length > 0) {
      const volumes: unknown[] = [...(pod.spec.volumes ?? [])];
      let zone: string | undefined;
      for (const t of claims) {
        const cname = claimName(t.metadata.name, name, ord);
        let pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', `${set.metadata.namespace}/${cname}`);
        if (!pvc) {
          // createPersistentVolumeClaims: claims are created once and never deleted with the pod.
          pvc = store.create<PersistentVolumeClaim>({
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: cname, namespace: set.metadata.namespace, labels: { ...(set.spec.selector.matchLabels ?? {}) } },
            spec: {},
            status: { phase: this.options.zonalStorage ? 'Pending' : 'Bound' },
          });
          recorder.record('StatefulSet', set.metadata.namespace, name, 'SuccessfulCreate', '', `create Claim ${cname} Pod ${podName}`);
        }
        zone ??= pvc.status.zone;
        volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: cname } });
      }
      pod.spec.volumes = volumes;
      if (zone !== undefined) pinToZone(pod, zone);
    }
    store.create(pod);
    recorder.record('StatefulSet', set.metadata.namespace, name, 'SuccessfulCreate', '', `create Pod ${podName}`);
  }

  /** WaitForFirstConsumer provisioning of zonal volumes: a pending claim takes its pod's node zone. */
  private bindClaims(pod: Pod): void {
    if (!this.options.zonalStorage) return;
    const { store } = this.ctx;
    for (const v of pod.spec.volumes as { persistentVolumeClaim?: { claimName: string } }[]) {
      const cname = v.persistentVolumeClaim?.claimName;
      if (!cname) continue;
      const pvc = store.get<PersistentVolumeClaim>('PersistentVolumeClaim', `${pod.metadata.namespace}/${cname}`);
      if (!pvc || pvc.status.phase === 'Bound') continue;
      const zone = store.get<Node>('Node', pod.spec.nodeName!)?.metadata.labels?.[LABEL_ZONE];
      pvc.status = { phase: 'Bound', zone };
      store.update(pvc);
      this.ctx.recorder.record('PersistentVolumeClaim', pvc.metadata.namespace, cname, 'ProvisioningSucceeded', pod.spec.nodeName, zone ?? '');
    }
  }

  private syncStatus(set: StatefulSet, key: string, updateRevision: string, now: Time): void {
    const minReady = set.spec.minReadySeconds ?? 0;
    const st = set.status;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let current = 0;
    let updated = 0;
    for (const p of this.ctx.store.ownedBy<Pod>(set.metadata.uid!)) {
      if (p.kind !== 'Pod' || p.metadata.deletionTimestamp !== undefined || p.status.phase === 'Failed' || p.status.phase === 'Succeeded') continue;
      replicas++;
      const rev = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      if (rev === st.currentRevision) current++;
      if (rev === updateRevision) updated++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
    }
    const want = set.spec.replicas ?? 1;
    // completeRollingUpdate: the update revision becomes current once every pod runs it and is ready.
    let currentRevision = st.currentRevision;
    if (updated === want && ready === want && replicas === want) {
      currentRevision = updateRevision;
      current = updated;
    }
    const next: StatefulSetStatus = {
      observedGeneration: set.metadata.generation,
      replicas,
      readyReplicas: ready,
      availableReplicas: available,
      currentReplicas: current,
      updatedReplicas: updated,
      currentRevision,
      updateRevision,
    };
    const rec = this.current.get(key);
    if (rec) {
      const partition = set.spec.updateStrategy?.type === 'OnDelete' ? 0 : partitionOf(set);
      // kubectl rollout status: all replicas ready and (replicas − partition) of them updated.
      const complete = ready === want && replicas === want && updated >= want - partition;
      if (!complete && updated > (this.progress.get(rec) ?? 0)) {
        this.progress.set(rec, updated);
        this.ctx.recorder.record('StatefulSet', set.metadata.namespace, set.metadata.name, 'RolloutProgressed', '', `${updated} of ${want - partition} pods updated`);
      }
      trackRollout(this.ctx.recorder, rec, ready, available, replicas, complete, now, partition > 0 ? `partitioned roll out complete: ${updated} new pods have been updated` : `revision ${updateRevision}`);
    }
    if (
      st.replicas !== next.replicas ||
      st.readyReplicas !== next.readyReplicas ||
      st.availableReplicas !== next.availableReplicas ||
      st.currentReplicas !== next.currentReplicas ||
      st.updatedReplicas !== next.updatedReplicas ||
      st.currentRevision !== next.currentRevision ||
      st.observedGeneration !== next.observedGeneration
    ) {
      set.status = next;
      this.ctx.store.update(set);
    }
  }

  private rolloutStarted(set: StatefulSet, key: string): void {
    const prev = this.current.get(key);
    const st = set.status;
    const initial = prev === undefined && st.replicas === 0;
    const rec = startRollout(this.ctx.recorder, 'StatefulSet', set.metadata.namespace, set.metadata.name, (prev?.revision ?? 0) + 1, this.ctx.engine.now, st.readyReplicas, st.availableReplicas, st.replicas, `revision ${computeHash(set.spec.template)}${initial ? ' (initial)' : ''}`);
    this.current.set(key, rec);
    this.rollouts.push(rec);
  }
}

/** Adds a required node affinity to the zone (ANDed into every existing required term). */
function pinToZone(pod: Pod, zone: string): void {
  const req = { key: LABEL_ZONE, operator: 'In' as const, values: [zone] };
  const aff = pod.spec.affinity ?? {};
  const na = aff.nodeAffinity ?? {};
  const terms: NodeSelectorTerm[] = na.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [{}];
  const pinned = terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), req] }));
  pod.spec.affinity = { ...aff, nodeAffinity: { ...na, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pinned } } };
}
