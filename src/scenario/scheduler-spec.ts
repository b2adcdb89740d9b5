import { FieldPath } from '../api/validation/field-error';
import { REGISTRY, DEFAULT_PLUGINS, PluginSpec } from '../scheduler/registry';
import { ProfileConfig } from '../scheduler/profile';
import { CycleCost, DEFAULT_CYCLE_COST } from '../scheduler/cycle-cost';
import { validateNodeResourcesFitArgs, NodeResourcesFitArgs, ScoringStrategyType } from '../scheduler/plugins/node-resources-fit';
import type { SchedulerOptions } from '../scheduler/scheduler-actor';
import { SpecReader, isObj, shown } from './spec-reader';

/**
 * spec.scheduler, shaped like KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1):
 *
 *   scheduler:
 *     percentageOfNodesToScore: 0            # default for profiles that set none (0 = adaptive)
 *     cycleCost: { base: 250us, perNodeEvaluated: 2us }   # or one duration for every cycle
 *     profiles:
 *     - schedulerName: default-scheduler
 *       percentageOfNodesToScore: 50
 *       plugins:
 *         multiPoint: { enabled: [{name, weight}], disabled: [{name}] }
 *         filter:     { disabled: [{name}] }
 *         score:      { enabled: [{name: NodeResourcesFit, weight: 5}], disabled: [{name: "*"}] }
 *         postFilter: { disabled: [{name: DefaultPreemption}] }
 *       pluginConfig:
 *       - name: NodeResourcesFit
 *         args: { scoringStrategy: { type: MostAllocated, resources: [{name: cpu, weight: 1}] } }
 *
 * As upstream, a plugin enabled at score with a weight keeps its other extension points; "*" in
 * score.disabled turns off every default score plugin; schedulerNames must be unique.
 */
const FIELDS = ['profiles', 'cycleCost', 'percentageOfNodesToScore'];
const PROFILE_FIELDS = ['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig'];
const POINTS = ['multiPoint', 'preFilter', 'filter', 'postFilter', 'preScore', 'score'];
const DEFAULT_PREEMPTION = 'DefaultPreemption';
const STRATEGIES: readonly ScoringStrategyType[] = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
/** Plugins whose args pluginConfig accepts, with their known fields. */
const ARGS_FIELDS: Record<string, readonly string[]> = {
  NodeResourcesFit: ['scoringStrategy', 'ignoredResources', 'ignoredResourceGroups'],
  NodeResourcesBalancedAllocation: ['resources'],
  PodTopologySpread: ['defaultingType', 'defaultConstraints'],
  InterPodAffinity: ['hardPodAffinityWeight'],
  NodeAffinity: ['addedAffinity'],
};

interface PluginRef {
  name: string;
  weight?: number;
}

function readPluginList(r: SpecReader, v: unknown, path: FieldPath, allowStar: boolean, withWeight: boolean): PluginRef[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return r.fail(path, `expected a list of {name${withWeight ? ', weight' : ''}}, got ${shown(v)}`) ?? [];
  const out: PluginRef[] = [];
  v.forEach((x, i) => {
    const p = [...path, i];
    if (!r.fields(x, p, withWeight ? ['name', 'weight'] : ['name'])) return;
    const name = r.string(x.name, [...p, 'name'], 'a plugin name');
    if (name === undefined) return;
    const known = name === DEFAULT_PREEMPTION || REGISTRY[name] !== undefined || (allowStar && name === '*');
    if (!known) {
      r.fail([...p, 'name'], `unknown scheduler plugin "${name}"; known plugins: ${[...Object.keys(REGISTRY), DEFAULT_PREEMPTION].join(', ')}`);
      return;
    }
    const ref: PluginRef = { name };
    if (withWeight && x.weight !== undefined) {
      const w = r.int(x.weight, [...p, 'weight'], 1, 100, 'an integer weight');
      if (w !== undefined) ref.weight = w;
    }
    out.push(ref);
  });
  return out;
}

function readFitArgs(r: SpecReader, v: Record<string, unknown>, path: FieldPath): NodeResourcesFitArgs | undefined {
  const out: NodeResourcesFitArgs = {};
  if (v.ignoredResources !== undefined) out.ignoredResources = r.stringList(v.ignoredResources, [...path, 'ignoredResources']);
  if (v.ignoredResourceGroups !== undefined) out.ignoredResourceGroups = r.stringList(v.ignoredResourceGroups, [...path, 'ignoredResourceGroups']);
  const st = v.scoringStrategy;
  if (st === undefined) return out;
  const sp = [...path, 'scoringStrategy'];
  if (!r.fields(st, sp, ['type', 'resources', 'requestedToCapacityRatio'])) return undefined;
  const type = st.type === undefined ? 'LeastAllocated' : r.string(st.type, [...sp, 'type']);
  if (type === undefined) return undefined;
  if (!STRATEGIES.includes(type as ScoringStrategyType)) {
    return r.fail([...sp, 'type'], `unsupported scoring strategy "${type}"; supported: ${STRATEGIES.join(', ')}`);
  }
  const resources: { name: string; weight: number }[] = [];
  if (st.resources === undefined) resources.push({ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 });
  else if (!Array.isArray(st.resources)) return r.fail([...sp, 'resources'], `expected a list of {name, weight}, got ${shown(st.resources)}`);
  else {
    st.resources.forEach((x, i) => {
      const p = [...sp, 'resources', i];
      if (!r.fields(x, p, ['name', 'weight'])) return;
      const name = r.string(x.name, [...p, 'name'], 'a resource name');
      const weight = x.weight === undefined ? 1 : r.int(x.weight, [...p, 'weight'], 1, 100, 'an integer weight');
      if (name !== undefined && weight !== undefined) resources.push({ name, weight });
    });
  }
  const strategy: NonNullable<NodeResourcesFitArgs['scoringStrategy']> = { type: type as ScoringStrategyType, resources };
  if (type === 'RequestedToCapacityRatio') {
    const rp = [...sp, 'requestedToCapacityRatio'];
    const rc = st.requestedToCapacityRatio;
    if (!r.fields(rc, rp, ['shape']) || !Array.isArray(rc.shape) || rc.shape.length === 0) {
      return r.fail(rp, 'expected {shape: [{utilization, score}, ...]} with at least one point for RequestedToCapacityRatio');
    }
    const shape: { utilization: number; score: number }[] = [];
    rc.shape.forEach((x, i) => {
      const p = [...rp, 'shape', i];
      if (!r.fields(x, p, ['utilization', 'score'])) return;
      const u = r.int(x.utilization, [...p, 'utilization'], 0, 100);
      const s = r.int(x.score, [...p, 'score'], 0, 10);
      if (u === undefined || s === undefined) return;
      if (shape.length > 0 && u <= shape[shape.length - 1].utilization) {
        r.fail([...p, 'utilization'], 'utilization values must be sorted in increasing order');
        return;
      }
      shape.push({ utilization: u, score: s });
    });
    strategy.requestedToCapacityRatio = { shape };
  }
  out.scoringStrategy = strategy;
  for (const e of validateNodeResourcesFitArgs(out)) r.fail(sp, e.detail);
  return out;
}

function readProfile(r: SpecReader, v: unknown, path: FieldPath, defaultPercentage: number | undefined): ProfileConfig | undefined {
  if (!r.fields(v, path, PROFILE_FIELDS)) return undefined;
  const config: ProfileConfig = {};
  if (v.schedulerName !== undefined) config.schedulerName = r.string(v.schedulerName, [...path, 'schedulerName'], 'a scheduler name');
  const pct = v.percentageOfNodesToScore !== undefined ? r.int(v.percentageOfNodesToScore, [...path, 'percentageOfNodesToScore'], 0, 100) : defaultPercentage;
  if (pct !== undefined) config.percentageOfNodesToScore = pct;
  const enabled = new Map<string, number | undefined>();
  const explicit = new Set<string>();
  const removed = new Set<string>();
  const disabledFilter: string[] = [];
  const disabledScore: string[] = [];
  let preemption = true;
  if (v.plugins !== undefined && r.fields(v.plugins, [...path, 'plugins'], POINTS)) {
    for (const point of POINTS) {
      const set = v.plugins[point];
      if (set === undefined) continue;
      const pp = [...path, 'plugins', point];
      if (!r.fields(set, pp, ['enabled', 'disabled'])) continue;
      const weighted = point === 'multiPoint' || point === 'score';
      for (const e of readPluginList(r, set.enabled, [...pp, 'enabled'], false, weighted)) {
        if (e.name === DEFAULT_PREEMPTION) preemption = true;
        else {
          enabled.set(e.name, e.weight ?? enabled.get(e.name));
          explicit.add(e.name);
        }
      }
      for (const d of readPluginList(r, set.disabled, [...pp, 'disabled'], true, false)) {
        const names = d.name === '*' ? [...DEFAULT_PLUGINS.map((p) => p.name), DEFAULT_PREEMPTION] : [d.name];
        for (const name of names) {
          if (name === DEFAULT_PREEMPTION) {
            if (point === 'multiPoint' || point === 'postFilter') preemption = false;
          } else if (point === 'multiPoint') removed.add(name);
          else if (point === 'filter' || point === 'preFilter') disabledFilter.push(name);
          else if (point === 'score' || point === 'preScore') disabledScore.push(name);
        }
      }
    }
  }
  const plugins: PluginSpec[] = [];
  for (const p of DEFAULT_PLUGINS) {
    if (removed.has(p.name) && !explicit.has(p.name)) continue;
    const w = enabled.get(p.name);
    plugins.push(w !== undefined ? { name: p.name, weight: w } : { ...p });
    enabled.delete(p.name);
  }
  for (const [name, weight] of enabled) plugins.push(weight !== undefined ? { name, weight } : { name });
  config.plugins = plugins;
  if (disabledFilter.length > 0) config.disabledFilter = disabledFilter;
  const scoreOff = disabledScore.filter((n) => !explicit.has(n));
  if (scoreOff.length > 0) config.disabledScore = scoreOff;
  config.preemption = preemption;
  if (v.pluginConfig !== undefined) {
    const cp = [...path, 'pluginConfig'];
    if (!Array.isArray(v.pluginConfig)) r.fail(cp, `expected a list of {name, args}, got ${shown(v.pluginConfig)}`);
    else {
      const args: Record<string, unknown> = {};
      v.pluginConfig.forEach((x, i) => {
        const p = [...cp, i];
        if (!r.fields(x, p, ['name', 'args'])) return;
        const name = r.string(x.name, [...p, 'name'], 'a plugin name');
        if (name === undefined) return;
        const known = ARGS_FIELDS[name];
        if (known === undefined) {
          r.fail([...p, 'name'], `kubesim takes args for ${Object.keys(ARGS_FIELDS).join(', ')}; got "${name}"`);
          return;
        }
        if (!r.fields(x.args, [...p, 'args'], known)) return;
        if (name === 'NodeResourcesFit') {
          const fit = readFitArgs(r, x.args, [...p, 'args']);
          if (fit !== undefined) args[name] = fit;
        } else args[name] = x.args;
      });
      config.pluginArgs = args;
    }
  }
  return config;
}

function readCycleCost(r: SpecReader, v: unknown, path: FieldPath): CycleCost | undefined {
  if (typeof v === 'string' || typeof v === 'number') {
    const t = r.duration(v, path);
    return t === undefined ? undefined : { base: t, perNodeEvaluated: 0 };
  }
  if (!isObj(v)) return r.fail(path, `expected a duration like "1ms" or {base, perNodeEvaluated}, got ${shown(v)}`);
  if (!r.fields(v, path, ['base', 'perNodeEvaluated'])) return undefined;
  const base = v.base === undefined ? DEFAULT_CYCLE_COST.base : r.duration(v.base, [...path, 'base']);
  const per = v.perNodeEvaluated === undefined ? DEFAULT_CYCLE_COST.perNodeEvaluated : r.duration(v.perNodeEvaluated, [...path, 'perNodeEvaluated']);
  return base === undefined || per === undefined ? undefined : { base, perNodeEvaluated: per };
}

/** Reads spec.scheduler; every problem is recorded at its position. */
export function readSchedulerSpec(r: SpecReader, v: unknown, path: FieldPath): SchedulerOptions | undefined {
  if (!r.fields(v, path, FIELDS)) return undefined;
  const out: SchedulerOptions = {};
  if (v.cycleCost !== undefined) out.cycleCost = readCycleCost(r, v.cycleCost, [...path, 'cycleCost']);
  const pct = v.percentageOfNodesToScore !== undefined ? r.int(v.percentageOfNodesToScore, [...path, 'percentageOfNodesToScore'], 0, 100) : undefined;
  if (v.profiles === undefined) {
    if (pct !== undefined) out.profiles = [{ percentageOfNodesToScore: pct }];
    return out;
  }
  if (!Array.isArray(v.profiles) || v.profiles.length === 0) return r.fail([...path, 'profiles'], `expected a non-empty list of profiles, got ${shown(v.profiles)}`);
  const profiles: ProfileConfig[] = [];
  const names = new Set<string>();
  v.profiles.forEach((x, i) => {
    const p = readProfile(r, x, [...path, 'profiles', i], pct);
    if (p === undefined) return;
    const name = p.schedulerName ?? 'default-scheduler';
    if (names.has(name)) r.fail([...path, 'profiles', i, 'schedulerName'], `Duplicate value: "${name}"`);
    names.add(name);
    profiles.push(p);
  });
  out.profiles = profiles;
  return out;
}
