import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSeconds } from '../engine/time';
import { TimelineRow, TimelineSink } from '../metrics/recorder';
import { SeriesPoint, SeriesSink } from '../metrics/series';
import { RunFacts } from '../sim/simulation';
import { CsvFile } from './csv-file';

export const TIMELINE_COLUMNS = ['time_s', 'kind', 'namespace', 'name', 'event', 'node', 'reason'] as const;
export const SERIES_COLUMNS = ['time_s', 'metric', 'namespace', 'name', 'value'] as const;

/** Wall-clock facts, kept apart in summary.json's `wall` block (they differ run to run). */
export interface WallFacts {
  seconds: number;
  eventsPerSecond: number;
  simulatedPerWall: number;
  peakRssMiB: number;
}

/**
 * The output directory of one run: timeline.csv and series.csv streamed while the run goes,
 * summary.json written at the end. Every file is written under a temporary name and renamed when
 * complete, so a reader never sees a half-written file under the final name.
 */
export class RunOutputs implements TimelineSink, SeriesSink {
  private readonly timeline: CsvFile;
  private readonly series: CsvFile;

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.timeline = new CsvFile(path.join(dir, 'timeline.csv'), TIMELINE_COLUMNS);
    this.series = new CsvFile(path.join(dir, 'series.csv'), SERIES_COLUMNS);
  }

  row(r: TimelineRow): void {
    this.timeline.write([formatSeconds(r.time), r.kind, r.namespace, r.name, r.event, r.node, r.reason]);
  }

  point(p: SeriesPoint): void {
    this.series.write([formatSeconds(p.time), p.metric, p.namespace, p.name, p.value]);
  }

  /** Closes the CSVs and writes summary.json; returns the paths written. */
  finish(facts: RunFacts, wall: WallFacts, extra: Record<string, unknown> = {}): string[] {
    this.timeline.close();
    this.series.close();
    const summaryPath = path.join(this.dir, 'summary.json');
    const body = JSON.stringify({ ...facts, ...extra, wall }, null, 2) + '\n';
    fs.writeFileSync(`${summaryPath}.partial`, body);
    fs.renameSync(`${summaryPath}.partial`, summaryPath);
    return [this.timeline.path, this.series.path, summaryPath];
  }
}
