import {
  FilterPlugin,
  isFilter,
  isPreFilter,
  isPreScore,
  isScore,
  Plugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from './framework';
import { DEFAULT_PLUGINS, PluginSpec, REGISTRY } from './registry';

/**
 * A scheduling profile (KubeSchedulerProfile): the enabled plugins by extension point, the score
 * weights, and percentageOfNodesToScore. Plugin instances belong to one profile (they keep
 * scratch buffers), so a profile serves one scheduler at a time.
 */
export interface Profile {
  readonly schedulerName: string;
  /** 0 = adaptive (upstream default). */
  readonly percentageOfNodesToScore: number;
  readonly plugins: readonly Plugin[];
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly ScorePlugin[];
  /** Parallel to `score`. */
  readonly scoreWeights: readonly number[];
}

export interface ProfileConfig {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  /** The enabled plugins in order (default: DEFAULT_PLUGINS). */
  plugins?: readonly PluginSpec[];
  /** Names removed from the enabled list. */
  disabled?: readonly string[];
  /** Whether the DefaultPreemption PostFilter runs (default true; plugins.postFilter.disabled turns it off). */
  preemption?: boolean;
  /** Plugins whose Filter (and PreFilter) extension is disabled (plugins.filter.disabled). */
  disabledFilter?: readonly string[];
  /** Plugins whose Score (and PreScore) extension is disabled (plugins.score.disabled). */
  disabledScore?: readonly string[];
  /** Per-plugin args by plugin name, e.g. { NodeResourcesFit: { scoringStrategy: {...} } }. */
  pluginArgs?: Readonly<Record<string, unknown>>;
}

export function buildProfile(config: ProfileConfig = {}): Profile {
  const specs = (config.plugins ?? DEFAULT_PLUGINS).filter((s) => !(config.disabled ?? []).includes(s.name));
  const plugins: Plugin[] = [];
  const preFilter: PreFilterPlugin[] = [];
  const filter: FilterPlugin[] = [];
  const preScore: PreScorePlugin[] = [];
  const score: ScorePlugin[] = [];
  const scoreWeights: number[] = [];
  for (const spec of specs) {
    const factory = REGISTRY[spec.name];
    if (factory === undefined) {
      throw new Error(`unknown scheduler plugin "${spec.name}"; known plugins: ${Object.keys(REGISTRY).join(', ')}`);
    }
    const p = factory(config.pluginArgs?.[spec.name]);
    plugins.push(p);
    const noFilter = config.disabledFilter?.includes(spec.name) ?? false;
    const noScore = config.disabledScore?.includes(spec.name) ?? false;
    if (isPreFilter(p) && !noFilter) preFilter.push(p);
    if (isFilter(p) && !noFilter) filter.push(p);
    if (isPreScore(p) && !noScore) preScore.push(p);
    if (isScore(p) && !noScore) {
      score.push(p);
      scoreWeights.push(spec.weight !== undefined && spec.weight > 0 ? spec.weight : 1);
    }
  }
  return {
    schedulerName: config.schedulerName ?? 'default-scheduler',
    percentageOfNodesToScore: config.percentageOfNodesToScore ?? 0,
    plugins,
    preFilter,
    filter,
    preScore,
    score,
    scoreWeights,
  };
}

/** The default-scheduler profile with upstream's default plugins and weights. */
export function defaultProfile(config: ProfileConfig = {}): Profile {
  return buildProfile(config);
}
