import { Time } from '../engine/time';

/**
 * One timeline row: a state transition a user could want to plot. `event` uses the reason
 * Kubernetes itself records where one exists (Scheduled, FailedScheduling, Pulling, Started,
 * SuccessfulCreate, ScalingReplicaSet, ...), or a transition name (PhaseRunning, Ready, NotReady).
 */
export interface TimelineRow {
  time: Time;
  kind: string;
  namespace: string;
  name: string;
  event: string;
  node: string;
  reason: string;
}

/** Where rows go. The output layer implements it (streaming CSV); tests collect rows in memory. */
export interface TimelineSink {
  row(r: TimelineRow): void;
}

/** The actors' recorder: stamps rows with the current virtual time and passes them on. */
export class Recorder {
  rows = 0;
  constructor(
    private readonly now: () => Time,
    private readonly sinks: TimelineSink[] = [],
  ) {}

  addSink(s: TimelineSink): void {
    this.sinks.push(s);
  }

  record(kind: string, namespace: string | undefined, name: string, event: string, node = '', reason = ''): void {
    this.rows++;
    if (this.sinks.length === 0) return;
    const r: TimelineRow = { time: this.now(), kind, namespace: namespace ?? '', name, event, node, reason };
    for (let i = 0; i < this.sinks.length; i++) this.sinks[i].row(r);
  }
}

/** A sink that keeps rows in memory (tests, small runs). */
export class MemorySink implements TimelineSink {
  readonly rows: TimelineRow[] = [];
  row(r: TimelineRow): void {
    this.rows.push(r);
  }
}
