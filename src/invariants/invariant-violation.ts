import { formatSeconds, Time } from '../engine/time';

/** The names of the invariants the checker holds (docs/invariants.md). */
export type InvariantName =
  | 'node-not-over-allocated'
  | 'pod-bound-once'
  | 'ready-only-when-running'
  | 'rollout-max-surge'
  | 'rollout-min-available'
  | 'single-leader'
  | 'time-monotonic'
  | 'no-pod-lost';

/**
 * What the checker was looking at when the invariant broke: a watch notification (ADDED, MODIFIED,
 * DELETED), a timeline row an actor recorded (ROW), or a periodic look at a condition that had
 * lasted too long (SWEEP, naming the notification that started it).
 */
export interface TriggerEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'ROW' | 'SWEEP';
  kind: string;
  namespace: string;
  name: string;
  /** Virtual time (µs). */
  time: Time;
  /** For ROW: the row's event (e.g. SuccessfulDelete) and reason. */
  detail?: string;
}

/**
 * A broken simulator invariant: a bug in kubesim (or in a controller under test), never a user
 * error. It stops the run; the CLI prints format() and exits 70 (EXIT.internal).
 */
export class InvariantViolation extends Error {
  constructor(
    readonly invariant: InvariantName,
    readonly detail: string,
    readonly event: TriggerEvent,
    /** The state around the violation (the node's allocation, the pod's conditions...), JSON-safe. */
    readonly state: Record<string, unknown>,
  ) {
    super(`invariant ${invariant} violated at t=${formatSeconds(event.time)}s: ${detail}`);
    this.name = 'InvariantViolation';
  }

  /** Several lines for a terminal: the invariant, the triggering event, the state as JSON. */
  format(): string {
    const e = this.event;
    const where = e.namespace ? `${e.namespace}/${e.name}` : e.name;
    return [
      this.message,
      `  triggered by: ${e.type} ${e.kind} ${where} at t=${formatSeconds(e.time)}s${e.detail ? ` (${e.detail})` : ''}`,
      `  state: ${JSON.stringify(this.state, null, 2).replace(/\n/g, '\n  ')}`,
    ].join('\n');
  }

  /** For summary.json's `invariantViolation` block. */
  toJSON(): Record<string, unknown> {
    return {
      invariant: this.invariant,
      message: this.detail,
      event: { ...this.event, time: this.event.time / 1e6 },
      state: this.state,
    };
  }
}
