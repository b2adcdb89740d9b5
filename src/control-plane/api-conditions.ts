import { Time } from '../engine/time';

interface Window {
  start: Time;
  end: Time;
}

interface SlowWindow extends Window {
  latency: Time;
}

/**
 * What leader-election requests meet on their way to the API server at a given instant: windows
 * of unavailability (requests refused), of slowness (requests arrive `latency` late) and
 * partitions between one replica and the API server (requests time out). Windows are half-open
 * [start, end). Few windows exist (one per fault action), so queries scan them.
 */
export class ApiServerConditions {
  private readonly unavailable: Window[] = [];
  private readonly slow: SlowWindow[] = [];
  private readonly partitions = new Map<string, Window[]>();

  addUnavailable(start: Time, end: Time): void {
    this.unavailable.push({ start, end });
  }

  addSlow(start: Time, end: Time, latency: Time): void {
    this.slow.push({ start, end, latency });
  }

  addPartition(replica: string, start: Time, end: Time): void {
    let list = this.partitions.get(replica);
    if (!list) this.partitions.set(replica, (list = []));
    list.push({ start, end });
  }

  isUnavailable(t: Time): boolean {
    return within(this.unavailable, t);
  }

  isPartitioned(replica: string, t: Time): boolean {
    const list = this.partitions.get(replica);
    return list !== undefined && within(list, t);
  }

  /** Extra latency of a request sent at t: the largest of the slow windows covering t. */
  extraLatency(t: Time): Time {
    let extra = 0;
    for (const w of this.slow) if (w.start <= t && t < w.end && w.latency > extra) extra = w.latency;
    return extra;
  }
}

function within(list: readonly Window[], t: Time): boolean {
  for (const w of list) if (w.start <= t && t < w.end) return true;
  return false;
}
