import { Time } from '../engine/time';
import { Recorder } from '../metrics/recorder';

/**
 * What a workload controller remembers of one rollout (a new revision being rolled out), for the
 * timeline rows RolloutStarted / RolloutCompleted / RolloutStalled and the `rollouts` of summary.json.
 * Invariant: minReady, minAvailable and maxTotal cover every status the controller wrote while the
 * rollout ran (from its start until completedAt).
 */
export interface RolloutRecord {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** Deployments: the revision number; StatefulSets and DaemonSets: a count of rollouts (1, 2, ...). */
  revision: number;
  startedAt: Time;
  completedAt?: Time;
  stalledAt?: Time;
  minReady: number;
  minAvailable: number;
  maxTotal: number;
}

/** Starts a record and writes its RolloutStarted row. */
export function startRollout(
  recorder: Recorder,
  kind: RolloutRecord['kind'],
  namespace: string | undefined,
  name: string,
  revision: number,
  now: Time,
  ready: number,
  available: number,
  total: number,
  note: string,
): RolloutRecord {
  recorder.record(kind, namespace, name, 'RolloutStarted', '', note);
  return { kind, namespace: namespace ?? '', name, revision, startedAt: now, minReady: ready, minAvailable: available, maxTotal: total };
}

/** Folds one observed status into a running record; completes it (RolloutCompleted row) when `complete`. */
export function trackRollout(
  recorder: Recorder,
  rec: RolloutRecord,
  ready: number,
  available: number,
  total: number,
  complete: boolean,
  now: Time,
  note: string,
): void {
  if (rec.completedAt !== undefined) return;
  if (ready < rec.minReady) rec.minReady = ready;
  if (available < rec.minAvailable) rec.minAvailable = available;
  if (total > rec.maxTotal) rec.maxTotal = total;
  if (complete) {
    rec.completedAt = now;
    recorder.record(rec.kind, rec.namespace, rec.name, 'RolloutCompleted', '', note);
  }
}
