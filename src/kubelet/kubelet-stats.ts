import { Time } from '../engine/time';

/**
 * What the kubelets measured over a run: container restarts and, per pod that became Ready,
 * its start-up latency split into the stages a user can act on. Stages add up to creation → Ready:
 * scheduling (creation → the kubelet sees the pod bound), pull (waiting for images, init and app
 * containers), start (init containers and container start, the rest of the way to running) and
 * ready (containers started → Ready: start-up time and probes). Durations in µs.
 */
export class KubeletStats {
  restarts = 0;
  /** Engine events the kubelets handled (pod timers: pulls, starts, health changes, probe ticks or flips). */
  events = 0;
  readonly scheduling: number[] = [];
  readonly pull: number[] = [];
  readonly start: number[] = [];
  readonly ready: number[] = [];

  podReady(createdAt: Time, seenAt: Time, pullTime: Time, startedAt: Time, readyAt: Time): void {
    this.scheduling.push(seenAt - createdAt);
    this.pull.push(pullTime);
    this.start.push(startedAt - seenAt - pullTime);
    this.ready.push(readyAt - startedAt);
  }
}
