import { FieldError, FieldPath } from '../api/validation/field-error';
import { resourceList } from '../api/validation/common';
import { Time } from '../engine/time';
import { didYouMean } from './did-you-mean';
import { NodePool } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';

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
}

const FIELDS = ['pool', 'nodeTypes', 'confidence', 'seeds', 'minNodes', 'maxNodes', 'failures'];
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
  const minNodes = v.minNodes === undefined ? 1 : r.int(v.minNodes, [...path, 'minNodes'], 1, maxNodes, 'a node count');
  const maxN = v.maxNodes === undefined ? Math.min(DEFAULT_MAX_NODES, maxNodes) : r.int(v.maxNodes, [...path, 'maxNodes'], 1, maxNodes, 'a node count');
  if (minNodes !== undefined && maxN !== undefined && minNodes > maxN) r.fail([...path, 'maxNodes'], `must be at least minNodes (${minNodes}), got ${maxN}`);
  const failures = v.failures === undefined ? undefined : readFailures(r, v.failures, [...path, 'failures']);
  if (r.problems.length > before || pool === undefined || seeds === undefined || minNodes === undefined || maxN === undefined) return undefined;
  const out: PlanSpec = { pool, poolIndex, nodeTypes, confidence, seeds, minNodes, maxNodes: maxN };
  if (failures) out.failures = failures;
  return out;
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
