import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Figure, printTable } from './figures';
import { engineHoldFigures, rawHoldRate } from './engine-bench';
import { storeFigures } from './store-bench';
import { runMacro, macroFigure } from './macro-bench';
import { probeScenario, envelope as probeEnvelope } from './probe-skip-ahead';
import { runRolloutBench } from './rollout-1000x100';
import { measureSchedulerThroughput } from './scheduler-throughput';
import { runAutoscalingDay } from './autoscaling-day';

/**
 * `npm run bench`: the benchmark suite. Every figure is printed with the baseline measured in the
 * same run (the raw fastpriorityqueue hold rate) and its ratio to it, so results compare across
 * machines. Writes bench/results/latest.json.
 *
 *   npm run bench                       micro benchmarks and the macro scenarios (1k, 5k, 15k envelope)
 *   npm run bench -- --quick            micro benchmarks and the 1k envelope only
 *   npm run bench -- --only engine,store,scheduler,probes,rollout,autoscaling,macro
 *   node dist/bench/compare.js OLD.json bench/results/latest.json    compare two results files by ratio
 */

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined;
  const want = (s: string) => !only || only.has(s);
  const figures: Figure[] = [];

  const holds = await engineHoldFigures(quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000]);
  if (want('engine')) figures.push(...holds);
  const baselineName = 'raw heap hold @100000';
  const baseline = holds.find((f) => f.name === baselineName)?.value ?? (await rawHoldRate(100_000));

  if (want('store')) figures.push(...(await storeFigures(baselineName, baseline)));

  if (want('scheduler')) {
    // One scheduling cycle (default plugins, adaptive percentageOfNodesToScore) at three cluster
    // sizes, and the 50,000-pods-onto-5,000-nodes throughput (target ≥ 25,000 pods/s). Rates are
    // per second of this process's CPU time.
    measureSchedulerThroughput(500, 5_000);
    for (const nodes of [500, 5_000, 15_000]) {
      const pods = nodes === 5_000 ? 50_000 : 10_000;
      const r = measureSchedulerThroughput(nodes, pods);
      const is5k = nodes === 5_000;
      figures.push({
        name: is5k ? 'scheduler: 50,000 pods onto 5,000 nodes' : `scheduler: cycles at ${nodes.toLocaleString('en-US')} nodes`,
        value: r.podsPerSecond,
        unit: 'pods/s',
        baseline: baselineName,
        baselineValue: baseline,
        ratio: r.podsPerSecond / baseline,
        target: is5k ? '≥ 25,000 pods/s' : undefined,
        meetsTarget: is5k ? r.podsPerSecond >= 25_000 : undefined,
        extra: { microsecondsPerCycle: Math.round(1e6 / r.podsPerSecond), scheduled: r.scheduled },
      });
    }
  }

  if (want('probes')) {
    // Probe skip-ahead: kubelet events of scenarios/probes.yaml in tick vs skip-ahead mode.
    const p = probeScenario() as { modes: Record<string, { kubeletEvents: number; totalEvents: number }>; kubeletEventRatio: number };
    figures.push({
      name: 'probe skip-ahead: kubelet events skip ÷ tick (probes.yaml)',
      value: p.kubeletEventRatio,
      unit: '×',
      baseline: 'tick-by-tick probe mode, same scenario',
      baselineValue: p.modes.tick.kubeletEvents,
      ratio: p.kubeletEventRatio,
      target: '≤ 1/50',
      meetsTarget: p.kubeletEventRatio <= 1 / 50,
      extra: { tickKubeletEvents: p.modes.tick.kubeletEvents, skipKubeletEvents: p.modes['skip-ahead'].kubeletEvents },
    });
    if (!quick) {
      const e = probeEnvelope(path.join(ROOT, 'scenarios', 'envelope-5k.yaml')) as { eventsPerPod: number; pods: number; wallSeconds: number; eventsInSteadyHour: number };
      figures.push({
        name: 'envelope-5k steady hour with probes: events per pod',
        value: e.eventsPerPod,
        unit: 'events/pod',
        baseline: baselineName,
        baselineValue: baseline,
        ratio: e.eventsInSteadyHour / e.wallSeconds / baseline,
        target: '< 5',
        meetsTarget: e.eventsPerPod < 5,
        extra: { pods: e.pods, wallSeconds: Math.round(e.wallSeconds * 10) / 10 },
      });
    }
  }

  if (want('rollout') && !quick) {
    // Rolling update of 1,000 Deployments × 100 replicas on 5,000 nodes.
    const r = runRolloutBench(1000, 100, 5000);
    figures.push({
      name: 'rollout 1,000 Deployments × 100 replicas on 5,000 nodes',
      value: r.wallSeconds,
      unit: 's wall',
      baseline: baselineName,
      baselineValue: baseline,
      ratio: r.events / r.wallSeconds / baseline,
      extra: { simulatedPerWall: Math.round(r.ratio * 10) / 10, events: r.events, rolloutsCompleted: r.rolloutsCompleted },
    });
  }

  if (want('autoscaling') && !quick) {
    // 200 autoscaled Deployments on 1,000 nodes over a simulated day.
    const a = runAutoscalingDay(200, 24);
    figures.push({
      name: 'autoscaling: 200 HPA Deployments, 1,000 nodes, 24 h',
      value: a.wallSeconds,
      unit: 's wall',
      baseline: baselineName,
      baselineValue: baseline,
      ratio: a.events / a.wallSeconds / baseline,
      extra: { simulatedPerWall: Math.round(a.simulatedSeconds / a.wallSeconds), events: a.events, hpaRescales: a.hpaRescales, scaleUps: a.scaleUps },
    });
  }

  if (want('macro')) {
    const macros: [string, string, { wallBelow: number; rssBelowMiB: number } | undefined][] = [
      ['envelope-1k (1,000 nodes, 30,000 pods, 1 h)', 'envelope-1k.yaml', undefined],
    ];
    if (!quick) {
      macros.push(['envelope-5k (5,000 nodes, 150,000 pods, 1 h)', 'envelope-5k.yaml', { wallBelow: 30, rssBelowMiB: 4096 }]);
      macros.push(['envelope-15k (15,000 nodes, 450,000 pods, 1 h)', 'envelope-15k.yaml', undefined]);
    }
    const results = new Map<string, ReturnType<typeof runMacro>>();
    for (const [name, file, target] of macros) {
      process.stderr.write(`running ${file} …\n`);
      const m = runMacro(path.join(ROOT, 'scenarios', file));
      results.set(file, m);
      figures.push(macroFigure(name, m, baselineName, baseline, target));
    }
    const m5 = results.get('envelope-5k.yaml');
    const m15 = results.get('envelope-15k.yaml');
    if (m5 && m15) {
      const growth = m15.wallSeconds / m5.wallSeconds;
      figures.push({
        name: 'envelope cost growth 15k ÷ 5k (wall)',
        value: growth,
        unit: '×',
        baseline: 'envelope-5k wall',
        baselineValue: m5.wallSeconds,
        ratio: growth,
        target: '≤ 3.5×',
        meetsTarget: growth <= 3.5,
      });
    }
  }

  printTable(figures);
  const out = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', node: process.version },
    baseline: { name: baselineName, eventsPerSecond: baseline },
    figures,
  };
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwrote bench/results/latest.json\n`);
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 1;
});
