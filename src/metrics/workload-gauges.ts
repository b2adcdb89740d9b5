import { Store } from '../store/store';
import { StatefulSet } from '../api/statefulset';
import { DaemonSet } from '../api/daemonset';
import { Job } from '../api/job';
import { GaugeSource } from './series';

/**
 * Per-object gauges of StatefulSets, DaemonSets and Jobs read from their status (a handful of
 * objects per run, so reading them per sample is cheap): statefulset_ready / _updated / _total,
 * daemonset_desired / _ready / _updated / _available, job_active / _succeeded / _failed.
 */
export function workloadGauges(store: Store): GaugeSource {
  return {
    sample(emit) {
      for (const s of store.list<StatefulSet>('StatefulSet')) {
        if (!s.status || s.status.replicas === undefined) continue;
        const ns = s.metadata.namespace ?? '';
        emit('statefulset_desired', ns, s.metadata.name, s.spec.replicas ?? 1);
        emit('statefulset_ready', ns, s.metadata.name, s.status.readyReplicas);
        emit('statefulset_updated', ns, s.metadata.name, s.status.updatedReplicas);
        emit('statefulset_total', ns, s.metadata.name, s.status.replicas);
      }
      for (const d of store.list<DaemonSet>('DaemonSet')) {
        if (!d.status || d.status.desiredNumberScheduled === undefined) continue;
        const ns = d.metadata.namespace ?? '';
        emit('daemonset_desired', ns, d.metadata.name, d.status.desiredNumberScheduled);
        emit('daemonset_ready', ns, d.metadata.name, d.status.numberReady);
        emit('daemonset_available', ns, d.metadata.name, d.status.numberAvailable);
        emit('daemonset_updated', ns, d.metadata.name, d.status.updatedNumberScheduled);
      }
      for (const j of store.list<Job>('Job')) {
        if (!j.status) continue;
        const ns = j.metadata.namespace ?? '';
        emit('job_active', ns, j.metadata.name, j.status.active ?? 0);
        emit('job_succeeded', ns, j.metadata.name, j.status.succeeded ?? 0);
        emit('job_failed', ns, j.metadata.name, j.status.failed ?? 0);
      }
    },
  };
}
