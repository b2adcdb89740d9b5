import { FieldError, FieldPath } from '../api/validation/field-error';
import { resourceList } from '../api/validation/common';
import { Time } from '../engine/time';
import { readNodeCount } from './autoscaling-spec';
import { didYouMean } from './did-you-mean';
import { NodePool } from './scenario';
import { Obj, SpecReader, isObj, shown } from './spec-reader';

/** A candidate machine type of a capacity plan. */
export interface PlanNodeType {
  name: string;
  /** Quantities as strings, like NodePool.capacity. */
  capacity: Record<string, string>;
  allocatable?: Record<string, string>;
  costPerHour: number;
}

/** Failures every candidate must survive: nodes of the sized pool crash, or a zone goes out, at `at`. */
export interface PlanFailures {
  at: Time;
  nodeFailures?: number;
  zoneOutage?: string;
  /** How long the failure lasts; absent: until the run ends. */
  for?: Time;
}

/** spec.plan: what `kubesim plan` sizes and how sure it must be. */
export interface PlanSpec {
  /** The node pool to size, and its index in spec.cluster.nodePools (the override path). */
  pool: string;
  poolIndex: number;
  nodeTypes: PlanNodeType[];
  /** Fraction of seeds (0..1] that must meet every expectation. Default 0.95. */
  confidence: number;
  /** Seeds per candidate (1..N). Default 10. */
  seeds: number;
  minNodes: number;
  maxNodes: number;
  failures?: PlanFailures;
  /**
   * Present: the plan searches autoscaler settings of the node group `pool` (spec.plan.autoscaling)
   * instead of sizing a fixed pool; nodeTypes is then empty and minNodes/maxNodes are unused.
   */
  autoscaling?: AutoscalingPlanSpec;
}

/** One HPA whose cpu utilization target the plan varies, and where the override writes it. */
export interface HpaTargetSpec {
  /** "name" for the default namespace, else "namespace/name", as written in the plan. */
  hpa: string;
  averageUtilization: number[];
  /**
   * Override path of the target in the scenario file, e.g.
   * spec.resources[2].spec.metrics[0].resource.target.averageUtilization. With `wrapInMetrics`
   * the HPA has no spec.metrics (upstream defaults it to cpu at 80%) and the path is
   * spec.resources[i].spec.metrics, set to a one-entry list.
   */
  path: string;
  wrapInMetrics: boolean;
}

/** spec.plan.autoscaling: the grid of cluster-autoscaler bounds and HPA targets to evaluate. */
export interface AutoscalingPlanSpec {
  nodeGroup: string;
  /** Candidate values of the group's min and max (the group's own when not planned). */
  minNodes: number[];
  maxNodes: number[];
  hpaTargets: HpaTargetSpec[];
}

const FIELDS = ['pool', 'nodeTypes', 'confidence', 'seeds', 'minNodes', 'maxNodes', 'failures', 'autoscaling'];
const POOL_ONLY = ['pool', 'nodeTypes', 'minNodes', 'maxNodes'];
const AUTOSCALING_FIELDS = ['nodeGroup', 'minNodes', 'maxNodes', 'hpaTargets'];
const MAX_CANDIDATES = 1000;
const MAX_UTILIZATION = 100_000;
const DEFAULT_CONFIDENCE = 0.95;
const DEFAULT_SEEDS = 10;
const MAX_SEEDS = 10_000;
const DEFAULT_MAX_NODES = 1000;

/**
 * `spec.plan`, e.g.
 *   plan:
 *     pool: general
 *     nodeTypes:
 *       - { name: m6.large, capacity: { cpu: "2", memory: 8Gi }, costPerHour: 0.096 }
 *     confidence: 95%
 *     seeds: 10
 *     failures: { at: 6m, nodeFailures: 1 }
 */
export function readPlan(r: SpecReader, v: unknown, path: FieldPath, pools: readonly NodePool[] | undefined, maxNodes: number): PlanSpec | undefined {
  if (v === undefined || v === null) return undefined;
  if (!r.fields(v, path, FIELDS)) return undefined;
  if (v.autoscaling !== undefined) return readAutoscalingPlan(r, v, path, pools, maxNodes);
  const before = r.problems.length;
  const pool = r.required(v, 'pool', path) ? r.string(v.pool, [...path, 'pool'], 'a node pool name') : undefined;
  let poolIndex = -1;
  if (pool !== undefined && pools) {
    poolIndex = pools.findIndex((p) => p.name === pool);
    if (poolIndex < 0) {
      const names = pools.map((p) => p.name);
      r.fail([...path, 'pool'], `no node pool named "${pool}"${didYouMean(pool, names)}; pools: ${names.join(', ')}`);
    }
  }
  const nodeTypes: PlanNodeType[] = [];
  if (r.required(v, 'nodeTypes', path)) {
    if (!Array.isArray(v.nodeTypes) || v.nodeTypes.length === 0) r.fail([...path, 'nodeTypes'], `expected a list of node types {name, capacity, costPerHour}, got ${shown(v.nodeTypes)}`);
    else
      v.nodeTypes.forEach((t, i) => {
        const t2 = readNodeType(r, t, [...path, 'nodeTypes', i]);
        if (t2 && nodeTypes.some((x) => x.name === t2.name)) r.fail([...path, 'nodeTypes', i, 'name'], `Duplicate value: "${t2.name}"`);
        else if (t2) nodeTypes.push(t2);
      });
  }
  let confidence = DEFAULT_CONFIDENCE;
  if (v.confidence !== undefined) confidence = readFraction(r, v.confidence, [...path, 'confidence']) ?? confidence;
  const seeds = v.seeds === undefined ? DEFAULT_SEEDS : r.int(v.seeds, [...path, 'seeds'], 1, MAX_SEEDS, 'a number of seeds');
  const minNodes = v.minNodes === undefined ? 1 : readNodeCount(r, v.minNodes, [...path, 'minNodes'], 1, maxNodes, 'a node count');
  const maxN = v.maxNodes === undefined ? Math.min(DEFAULT_MAX_NODES, maxNodes) : readNodeCount(r, v.maxNodes, [...path, 'maxNodes'], 1, maxNodes, 'a node count');
  if (minNodes !== undefined && maxN !== undefined && minNodes > maxN) r.fail([...path, 'maxNodes'], `must be at least minNodes (${minNodes}), got ${maxN}`);
  const failures = v.failures === undefined ? undefined : readFailures(r, v.failures, [...path, 'failures']);
  if (r.problems.length > before || pool === undefined || seeds === undefined || minNodes === undefined || maxN === undefined) return undefined;
  const out: PlanSpec = { pool, poolIndex, nodeTypes, confidence, seeds, minNodes, maxNodes: maxN };
  if (failures) out.failures = failures;
  return out;
}

/**
 * `spec.plan` with `autoscaling`, e.g.
 *   plan:
 *     autoscaling:
 *       nodeGroup: general
 *       minNodes: [1, 2]
 *       maxNodes: [3, 4, 6]
 *       hpaTargets:
 *         - { hpa: web, averageUtilization: [50, 70, 85] }
 *     confidence: 95%
 *     seeds: 5
 * Every candidate keeps min ≤ the pool's count ≤ max (the cluster autoscaler's node group
 * invariant, checked by nodePools[].autoscaling too), so a bound that would break it is rejected
 * here rather than failing every run.
 */
function readAutoscalingPlan(r: SpecReader, v: Obj, path: FieldPath, pools: readonly NodePool[] | undefined, maxNodes: number): PlanSpec | undefined {
  const before = r.problems.length;
  for (const k of POOL_ONLY) if (v[k] !== undefined) r.fail([...path, k], `not used with spec.plan.autoscaling: a plan either sizes a fixed pool (pool, nodeTypes, minNodes, maxNodes) or searches the autoscaler settings of a node group (autoscaling)`, true);
  let confidence = DEFAULT_CONFIDENCE;
  if (v.confidence !== undefined) confidence = readFraction(r, v.confidence, [...path, 'confidence']) ?? confidence;
  const seeds = v.seeds === undefined ? DEFAULT_SEEDS : r.int(v.seeds, [...path, 'seeds'], 1, MAX_SEEDS, 'a number of seeds');
  const failures = v.failures === undefined ? undefined : readFailures(r, v.failures, [...path, 'failures']);
  const ap = [...path, 'autoscaling'];
  const a = v.autoscaling;
  if (!r.fields(a, ap, AUTOSCALING_FIELDS)) return undefined;
  if (a.minNodes === undefined && a.maxNodes === undefined && a.hpaTargets === undefined) r.fail(ap, 'expected at least one of minNodes, maxNodes, hpaTargets to plan');
  let poolIndex = -1;
  let group: NodePool | undefined;
  const nodeGroup = r.required(a, 'nodeGroup', ap) ? r.string(a.nodeGroup, [...ap, 'nodeGroup'], 'the name of a node pool with autoscaling') : undefined;
  if (nodeGroup !== undefined && pools) {
    poolIndex = pools.findIndex((p) => p.name === nodeGroup);
    const groups = pools.filter((p) => p.autoscaling).map((p) => p.name);
    if (poolIndex < 0) {
      r.fail([...ap, 'nodeGroup'], `no node pool named "${nodeGroup}"${didYouMean(nodeGroup, groups.length > 0 ? groups : pools.map((p) => p.name))}; node groups (pools with autoscaling): ${groups.join(', ') || 'none'}`);
    } else if (!pools[poolIndex].autoscaling) {
      // A node group whose own autoscaling block was rejected is already reported there.
      if (!r.doc.hasIn(['spec', 'cluster', 'nodePools', poolIndex, 'autoscaling'])) {
        r.fail([...ap, 'nodeGroup'], `node pool "${nodeGroup}" has no autoscaling: give it nodePools[${poolIndex}].autoscaling {min, max} to make it a node group${groups.length > 0 ? `; node groups: ${groups.join(', ')}` : ''}`);
      }
    } else group = pools[poolIndex];
  }
  const mins = a.minNodes === undefined ? undefined : readCounts(r, a.minNodes, [...ap, 'minNodes'], 0, maxNodes, 'a node count (an integer ≥ 0)', true);
  const maxs = a.maxNodes === undefined ? undefined : readCounts(r, a.maxNodes, [...ap, 'maxNodes'], 0, maxNodes, 'a node count (an integer ≥ 0)', true);
  if (group?.autoscaling) checkBounds(r, ap, group, mins, maxs, a.minNodes, a.maxNodes);
  const hpaTargets: HpaTargetSpec[] = [];
  if (a.hpaTargets !== undefined) {
    if (!Array.isArray(a.hpaTargets) || a.hpaTargets.length === 0) r.fail([...ap, 'hpaTargets'], `expected a list of {hpa, averageUtilization: [...]}, got ${shown(a.hpaTargets)}`);
    else
      a.hpaTargets.forEach((t, i) => {
        const t2 = readHpaTarget(r, t, [...ap, 'hpaTargets', i]);
        if (t2 && hpaTargets.some((x) => x.path === t2.path)) r.fail([...ap, 'hpaTargets', i, 'hpa'], `Duplicate value: "${t2.hpa}"`);
        else if (t2) hpaTargets.push(t2);
      });
  }
  if (r.problems.length > before || nodeGroup === undefined || !group?.autoscaling || seeds === undefined) return undefined;
  const minNodes = mins ?? [group.autoscaling.min];
  const maxNodes2 = maxs ?? [group.autoscaling.max];
  const candidates = hpaTargets.reduce((n, t) => n * t.averageUtilization.length, minNodes.length * maxNodes2.length);
  if (candidates > MAX_CANDIDATES) return r.fail(ap, `the grid has ${candidates} candidates; kubesim plan evaluates at most ${MAX_CANDIDATES} (fewer values per list)`);
  const out: PlanSpec = {
    pool: nodeGroup,
    poolIndex,
    nodeTypes: [],
    confidence,
    seeds,
    minNodes: group.autoscaling.min,
    maxNodes: group.autoscaling.max,
    autoscaling: { nodeGroup, minNodes, maxNodes: maxNodes2, hpaTargets },
  };
  if (failures) out.failures = failures;
  return out;
}

/** A count or a list of distinct counts; with `nodes`, `max` is the --limit maxNodes in force. */
function readCounts(r: SpecReader, v: unknown, path: FieldPath, min: number, max: number, what: string, nodes = false): number[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return r.fail(path, `expected ${what} or a list of them, got an empty list`);
  const out: number[] = [];
  let ok = true;
  list.forEach((x, i) => {
    const p = Array.isArray(v) ? [...path, i] : path;
    const n = nodes ? readNodeCount(r, x, p, min, max, `${what} or a list of them`) : r.int(x, p, min, max, `${what} or a list of them`);
    if (n === undefined) ok = false;
    else if (out.includes(n)) {
      r.fail(p, `Duplicate value: ${n}`);
      ok = false;
    } else out.push(n);
  });
  return ok ? out : undefined;
}

/**
 * Each candidate min must be ≤ each candidate max, and min ≤ count ≤ max for the pool's count
 * (the node group invariant of nodePools[].autoscaling). Problems point at the offending entry.
 */
function checkBounds(r: SpecReader, ap: FieldPath, group: NodePool, mins: number[] | undefined, maxs: number[] | undefined, rawMins: unknown, rawMaxs: unknown): void {
  const own = group.autoscaling!;
  const at = (key: string, raw: unknown, i: number): FieldPath => (Array.isArray(raw) ? [...ap, key, i] : [...ap, key]);
  const minList = mins ?? [own.min];
  const maxList = maxs ?? [own.max];
  const largestMin = Math.max(...minList);
  const smallestMax = Math.min(...maxList);
  maxs?.forEach((m, i) => {
    if (m < largestMin) {
      r.fail(at('maxNodes', rawMaxs, i), mins ? `must be at least every minNodes candidate (largest: ${largestMin}), got ${m}` : `must be at least the node group's min (${own.min}), got ${m}`);
    } else if (m < group.count) r.fail(at('maxNodes', rawMaxs, i), `must be at least the pool's count (${group.count}), got ${m}: a node group starts from its pool's count, which must lie within [min, max]`);
  });
  mins?.forEach((m, i) => {
    if (m > smallestMax) {
      if (!maxs) r.fail(at('minNodes', rawMins, i), `must be at most the node group's max (${own.max}), got ${m}`);
    } else if (m > group.count) r.fail(at('minNodes', rawMins, i), `must be at most the pool's count (${group.count}), got ${m}: a node group starts from its pool's count, which must lie within [min, max]`);
  });
}

/**
 * `{hpa, averageUtilization}`: `hpa` names a HorizontalPodAutoscaler written inline under
 * spec.resources ("name" in the default namespace, or "namespace/name"); the plan sets its cpu
 * Utilization target through an override of the scenario file, which cannot reach into `file:`
 * manifests. autoscaling/v2 HPAs get the target of their cpu Resource metric, autoscaling/v1 ones
 * targetCPUUtilizationPercentage; an HPA without metrics (upstream's default: cpu at 80%) gets a
 * one-entry metrics list. Targets are positive integers, as upstream's MetricTarget validation
 * requires of averageUtilization.
 */
function readHpaTarget(r: SpecReader, v: unknown, path: FieldPath): HpaTargetSpec | undefined {
  if (!r.fields(v, path, ['hpa', 'averageUtilization'])) return undefined;
  const hpa = r.required(v, 'hpa', path) ? r.string(v.hpa, [...path, 'hpa'], 'the name of a HorizontalPodAutoscaler (or namespace/name)') : undefined;
  const targets = r.required(v, 'averageUtilization', path) ? readCounts(r, v.averageUtilization, [...path, 'averageUtilization'], 1, MAX_UTILIZATION, 'a utilization percentage (an integer > 0)') : undefined;
  if (hpa === undefined) return undefined;
  const slash = hpa.indexOf('/');
  const ns = slash >= 0 ? hpa.slice(0, slash) : 'default';
  const name = slash >= 0 ? hpa.slice(slash + 1) : hpa;
  const { inline, fromFiles } = inlineHpas(r);
  const found = inline.find((h) => h.namespace === ns && h.name === name);
  if (!found) {
    const names = inline.map((h) => (h.namespace === 'default' ? h.name : `${h.namespace}/${h.name}`));
    const files = fromFiles ? '; HPAs from file: manifests cannot be planned (the plan sets targets by overriding the scenario file): write the HPA inline under spec.resources' : '';
    return r.fail([...path, 'hpa'], `no HorizontalPodAutoscaler "${hpa}" inline under spec.resources${didYouMean(hpa, names)}; inline HPAs: ${names.join(', ') || 'none'}${files}`);
  }
  const base = `spec.resources[${found.index}].spec`;
  const spec = isObj(found.obj.spec) ? found.obj.spec : {};
  let target: { path: string; wrapInMetrics: boolean } | undefined;
  if (spec.targetCPUUtilizationPercentage !== undefined) target = { path: `${base}.targetCPUUtilizationPercentage`, wrapInMetrics: false };
  else if (spec.metrics === undefined || (Array.isArray(spec.metrics) && spec.metrics.length === 0)) target = { path: `${base}.metrics`, wrapInMetrics: true };
  else if (Array.isArray(spec.metrics)) {
    const j = spec.metrics.findIndex((m) => isObj(m) && m.type === 'Resource' && isObj(m.resource) && m.resource.name === 'cpu');
    const m = j >= 0 ? (spec.metrics[j] as Obj) : undefined;
    const t = m && isObj(m.resource) && isObj(m.resource.target) ? m.resource.target : undefined;
    if (t && t.type === 'Utilization') target = { path: `${base}.metrics[${j}].resource.target.averageUtilization`, wrapInMetrics: false };
    else return r.fail([...path, 'hpa'], `HorizontalPodAutoscaler "${hpa}" has no cpu Resource metric with a Utilization target (spec.metrics[].resource.target.averageUtilization) for the plan to set`);
  }
  if (!target || targets === undefined) return undefined;
  return { hpa, averageUtilization: targets, ...target };
}

/** The HorizontalPodAutoscalers written inline under spec.resources, and whether `file:` entries exist. */
function inlineHpas(r: SpecReader): { inline: { index: number; namespace: string; name: string; obj: Obj }[]; fromFiles: boolean } {
  const root = r.src.documents.find((d) => d.doc === r.doc)?.value;
  const spec = isObj(root) ? root.spec : undefined;
  const resources = isObj(spec) && Array.isArray(spec.resources) ? spec.resources : [];
  const inline: { index: number; namespace: string; name: string; obj: Obj }[] = [];
  let fromFiles = false;
  resources.forEach((e, index) => {
    if (!isObj(e)) return;
    if ('file' in e && !('kind' in e)) fromFiles = true;
    if (e.kind !== 'HorizontalPodAutoscaler' || !isObj(e.metadata) || typeof e.metadata.name !== 'string') return;
    const namespace = typeof e.metadata.namespace === 'string' && e.metadata.namespace !== '' ? e.metadata.namespace : 'default';
    inline.push({ index, namespace, name: e.metadata.name, obj: e });
  });
  return { inline, fromFiles };
}

function readNodeType(r: SpecReader, v: unknown, path: FieldPath): PlanNodeType | undefined {
  if (!r.fields(v, path, ['name', 'capacity', 'allocatable', 'costPerHour'])) return undefined;
  const name = r.required(v, 'name', path) ? r.string(v.name, [...path, 'name'], 'a node type name') : undefined;
  const capacity = r.required(v, 'capacity', path) ? readQuantities(r, v.capacity, [...path, 'capacity'], true) : undefined;
  const allocatable = v.allocatable === undefined ? undefined : readQuantities(r, v.allocatable, [...path, 'allocatable'], false);
  const cost = r.required(v, 'costPerHour', path) ? r.number(v.costPerHour, [...path, 'costPerHour'], 0, Number.MAX_VALUE) : undefined;
  if (name === undefined || capacity === undefined || cost === undefined || (v.allocatable !== undefined && allocatable === undefined)) return undefined;
  const out: PlanNodeType = { name, capacity, costPerHour: cost };
  if (allocatable) out.allocatable = allocatable;
  return out;
}

function readQuantities(r: SpecReader, v: unknown, path: FieldPath, isCapacity: boolean): Record<string, string> | undefined {
  if (!isObj(v)) return r.fail(path, `expected a map of resource quantities like {cpu: "8", memory: 32Gi}, got ${shown(v)}`);
  const out: Record<string, string> = {};
  for (const [k, q] of Object.entries(v)) {
    if (typeof q === 'number' || typeof q === 'string') out[k] = String(q);
    else r.fail([...path, k], `expected a quantity like "8" or "32Gi", got ${shown(q)}`);
  }
  const errs: FieldError[] = [];
  resourceList(out, [], errs);
  r.fieldErrors(path, errs);
  if (isCapacity) for (const req of ['cpu', 'memory']) if (v[req] === undefined) r.fail([...path, req], 'Required value');
  return errs.length === 0 ? out : undefined;
}

/** "95%" or 0.95 → 0.95. */
function readFraction(r: SpecReader, v: unknown, path: FieldPath): number | undefined {
  let x: number | undefined;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
    if (m) x = Number(m[1]) / 100;
  }
  if (x === undefined) return r.fail(path, `expected a percentage like "95%" or a fraction like 0.95, got ${shown(v)}`);
  if (x <= 0 || x > 1) return r.fail(path, `must be above 0% and at most 100%, got ${shown(v)}`);
  return x;
}

function readFailures(r: SpecReader, v: unknown, path: FieldPath): PlanFailures | undefined {
  if (!r.fields(v, path, ['at', 'nodeFailures', 'zoneOutage', 'for'])) return undefined;
  const at = r.required(v, 'at', path) ? r.duration(v.at, [...path, 'at']) : undefined;
  const n = v.nodeFailures === undefined ? undefined : r.int(v.nodeFailures, [...path, 'nodeFailures'], 1, 5000, 'a node count');
  const zone = v.zoneOutage === undefined ? undefined : r.string(v.zoneOutage, [...path, 'zoneOutage'], 'a zone name');
  const dur = v.for === undefined ? undefined : r.duration(v.for, [...path, 'for'], true);
  if (v.nodeFailures === undefined && v.zoneOutage === undefined) return r.fail(path, 'expected nodeFailures or zoneOutage');
  if (at === undefined || (v.nodeFailures !== undefined && n === undefined) || (v.zoneOutage !== undefined && zone === undefined) || (v.for !== undefined && dur === undefined)) return undefined;
  const out: PlanFailures = { at };
  if (n !== undefined) out.nodeFailures = n;
  if (zone !== undefined) out.zoneOutage = zone;
  if (dur !== undefined) out.for = dur;
  return out;
}
