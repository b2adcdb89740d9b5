import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Figure } from './figures';

export interface MacroResult {
  scenario: string;
  wallSeconds: number;
  events: number;
  podsCreated: number;
  simulatedSeconds: number;
  peakRssMiB: number;
}

/** Runs a scenario in a child process (its own heap and peak RSS) and returns its figures. */
export function runMacro(scenarioFile: string, untilSeconds?: number): MacroResult {
  const child = path.join(__dirname, 'macro-child.js');
  const args = ['--max-old-space-size=8192', child, scenarioFile];
  if (untilSeconds !== undefined) args.push('--until-seconds', String(untilSeconds));
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${scenarioFile}: exit ${r.status}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as MacroResult;
}

/**
 * A macro figure: wall seconds, with the engine's events/s during the run compared to the raw
 * heap hold rate of the same run (ratio = events/s ÷ raw heap events/s).
 */
export function macroFigure(name: string, m: MacroResult, baselineName: string, baseline: number, target?: { wallBelow: number; rssBelowMiB: number }): Figure {
  const rate = m.events / m.wallSeconds;
  const ok = target ? m.wallSeconds < target.wallBelow && m.peakRssMiB < target.rssBelowMiB : undefined;
  return {
    name,
    value: m.wallSeconds,
    unit: 's wall',
    baseline: baselineName,
    baselineValue: baseline,
    ratio: rate / baseline,
    target: target ? `< ${target.wallBelow} s wall and < ${target.rssBelowMiB} MiB RSS` : undefined,
    meetsTarget: ok,
    extra: {
      events: m.events,
      eventsPerSecond: Math.round(rate),
      pods: m.podsCreated,
      simulatedSeconds: m.simulatedSeconds,
      simulatedPerWall: Math.round((m.simulatedSeconds / m.wallSeconds) * 10) / 10,
      peakRssMiB: m.peakRssMiB,
    },
  };
}
