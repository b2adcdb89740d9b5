import { sampleInt } from '../engine/distribution';
import { Time } from '../engine/time';
import { AppModel } from '../scenario/scenario';
import { KeyedRandom } from './keyed-random';

/** Exit codes the kubelet reports (status.containerStatuses[].state.terminated.exitCode). */
export const EXIT_COMPLETED = 0;
export const EXIT_ERROR = 1;
/** 128 + SIGTERM: the process stopped within its grace period after a kill. */
export const EXIT_SIGTERM = 143;
/** 128 + SIGKILL: killed when the grace period ran out (or with the node). */
export const EXIT_SIGKILL = 137;

/**
 * The behaviour of one run of a container (start → exit), drawn from its image's application model
 * with the container's own keyed generator, in a fixed order, so the same run happens in every
 * probe mode:
 * - not serving until `startup` has passed (probes fail);
 * - then healthy; with `failures.mtbf` a failure after Exp(mtbf) makes probes fail until it
 *   recovers after a `failures.recovery` draw (never, without one), then Exp(mtbf) again;
 * - `crashAfter` (a bad release): with `probability` the run exits with code 1 after `after`;
 * - `runTime` (run to completion): the run exits with code 0 after it.
 * `healthy` is the current state and `changeAt` the instant of the next change (Infinity: none).
 */
export interface ContainerHealth {
  app: AppModel;
  rng: KeyedRandom;
  healthy: boolean;
  changeAt: Time;
  /** True once the process served at least once (end of start-up). */
  served: boolean;
  servedAt: Time;
  exitAt: Time;
  exitCode: number;
}

export function startHealth(app: AppModel, rng: KeyedRandom, startedAt: Time): ContainerHealth {
  const u = rng.uniform;
  const startup = sampleInt(app.startup, u);
  let exitAt = Infinity;
  let exitCode = EXIT_COMPLETED;
  if (app.crashAfter && u() < app.crashAfter.probability) {
    exitAt = startedAt + sampleInt(app.crashAfter.after, u);
    exitCode = EXIT_ERROR;
  }
  if (app.runTime) {
    const done = startedAt + sampleInt(app.runTime, u);
    if (done < exitAt) {
      exitAt = done;
      exitCode = EXIT_COMPLETED;
    }
  }
  return { app, rng, healthy: false, changeAt: startedAt + startup, served: false, servedAt: Infinity, exitAt, exitCode };
}

/** Applies every health change at or before `now` (a change at exactly a probe tick is seen by it). */
export function advanceHealth(h: ContainerHealth, now: Time): void {
  while (h.changeAt <= now) {
    const at = h.changeAt;
    if (!h.healthy) {
      h.healthy = true;
      if (!h.served) {
        h.served = true;
        h.servedAt = at;
      }
      h.changeAt = h.app.mtbf ? at + Math.round(-h.app.mtbf * Math.log(1 - h.rng.next())) : Infinity;
    } else {
      h.healthy = false;
      h.changeAt = h.app.recovery ? at + sampleInt(h.app.recovery, h.rng.uniform) : Infinity;
    }
  }
}

/** The readiness probe's view: serving, and not a never-ready release. */
export function readinessHealthy(h: ContainerHealth): boolean {
  return h.healthy && !h.app.neverReady;
}

/** A graceful-shutdown (preStop) duration for this container, bounded by `grace`. */
export function shutdownTime(h: ContainerHealth, grace: Time): { took: Time; exitCode: number } {
  const want = h.app.shutdown ? sampleInt(h.app.shutdown, h.rng.uniform) : 0;
  return want < grace ? { took: want, exitCode: EXIT_SIGTERM } : { took: grace, exitCode: EXIT_SIGKILL };
}
