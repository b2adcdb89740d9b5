import { formatDuration, Time } from '../engine/time';

/**
 * The progress line on stderr: shown only on a TTY, only once a run has taken over a second of
 * wall time, rewritten in place, cleared at the end.
 */
export class Progress {
  private readonly startedAt = Date.now();
  private shown = false;
  private lastEvents = 0;
  private lastAt = Date.now();

  constructor(private readonly enabled: boolean) {}

  update(now: Time, end: Time, events: number): void {
    if (!this.enabled) return;
    const t = Date.now();
    if (t - this.startedAt < 1000 || t - this.lastAt < 200) return;
    const rate = ((events - this.lastEvents) * 1000) / Math.max(1, t - this.lastAt);
    this.lastEvents = events;
    this.lastAt = t;
    const pct = end > 0 ? Math.min(100, (100 * now) / end) : 100;
    process.stderr.write(`\r\x1b[K  virtual ${formatDuration(now)} (${pct.toFixed(0)}%), ${Math.round(rate).toLocaleString('en-US')} events/s`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
