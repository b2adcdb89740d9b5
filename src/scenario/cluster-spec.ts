import { FieldError, FieldPath } from '../api/validation/field-error';
import { labels, resourceList } from '../api/validation/common';
import { taints as validateTaints } from '../api/validation/kinds';
import { dns1123LabelErrors, labelValueErrors } from '../api/validation/names';
import { Taint } from '../api/node';
import { ClusterSpec, NodePool } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';
import { readNodeGroup } from './autoscaling-spec';
import { overLimit } from './limits';
/** kubelet's default --max-pods. */
const DEFAULT_PODS = '110';
const DEFAULT_ZONES = ['zone-a'];
/** 100Mi/s. */
const DEFAULT_IMAGE_PULL_BANDWIDTH = 100 * 1024 * 1024;

const POOL_FIELDS = ['name', 'count', 'zones', 'capacity', 'allocatable', 'labels', 'taints', 'costPerHour', 'imagePullBandwidth', 'autoscaling'];

export function readCluster(r: SpecReader, v: unknown, path: FieldPath): ClusterSpec | undefined {
  if (!r.fields(v, path, ['nodePools'])) return undefined;
  if (!r.required(v, 'nodePools', path)) return undefined;
  const pp = [...path, 'nodePools'];
  if (!Array.isArray(v.nodePools) || v.nodePools.length === 0) return r.fail(pp, `expected a non-empty list of node pools, got ${shown(v.nodePools)}`);
  const pools: NodePool[] = [];
  const names = new Set<string>();
  let ok = true;
  v.nodePools.forEach((p, i) => {
    const pool = readPool(r, p, [...pp, i]);
    if (!pool) {
      ok = false;
      return;
    }
    if (names.has(pool.name)) {
      r.fail([...pp, i, 'name'], `Duplicate value: "${pool.name}": node pool names must be unique`);
      ok = false;
    }
    names.add(pool.name);
    pools.push(pool);
  });
  const total = pools.reduce((a, p) => a + p.count, 0);
  if (total > r.limits.maxNodes) {
    r.fail(pp, overLimit(`node pools total ${total} nodes`, 'maxNodes', r.limits.maxNodes, total));
    ok = false;
  }
  return ok ? { nodePools: pools } : undefined;
}

function readPool(r: SpecReader, v: unknown, path: FieldPath): NodePool | undefined {
  if (!r.fields(v, path, POOL_FIELDS)) return undefined;
  const before = r.problems.length;
  let name: string | undefined;
  if (r.required(v, 'name', path)) {
    name = r.string(v.name, [...path, 'name']);
    if (name !== undefined) for (const m of dns1123LabelErrors(name)) r.fail([...path, 'name'], `Invalid value: "${name}": ${m}`);
  }
  const count = r.required(v, 'count', path) ? r.int(v.count, [...path, 'count'], 0, Number.MAX_SAFE_INTEGER, 'a node count (an integer ≥ 0)') : undefined;
  let zones = DEFAULT_ZONES;
  if (v.zones !== undefined) {
    const z = r.stringList(v.zones, [...path, 'zones']);
    if (z !== undefined) {
      if (z.length === 0) r.fail([...path, 'zones'], 'expected at least one zone');
      z.forEach((zone, i) => {
        for (const m of labelValueErrors(zone)) r.fail([...path, 'zones', i], `Invalid value: "${zone}": ${m}`);
        if (z.indexOf(zone) !== i) r.fail([...path, 'zones', i], `Duplicate value: "${zone}"`);
      });
      zones = z;
    }
  }
  const capacity = readResources(r, v.capacity, [...path, 'capacity'], true);
  if (v.capacity === undefined) r.fail([...path, 'capacity'], 'Required value: cpu and memory are required');
  const allocatable = v.allocatable === undefined ? undefined : readResources(r, v.allocatable, [...path, 'allocatable'], false);
  if (capacity && allocatable) {
    const errs: FieldError[] = [];
    const cap = resourceList(capacity, [], errs);
    const alloc = resourceList(allocatable, [], errs);
    for (const [res, a] of alloc) {
      const c = cap.get(res);
      if (c === undefined) r.fail([...path, 'allocatable', res], `resource "${res}" is not in capacity`, true);
      else if (a.amount > c.amount) r.fail([...path, 'allocatable', res], `must not exceed capacity (${c.text}), got ${shown(a.text)}`);
    }
  }
  let poolLabels: Record<string, string> = {};
  if (v.labels !== undefined) {
    const l = r.stringMap(v.labels, [...path, 'labels']);
    if (l) {
      const errs: FieldError[] = [];
      labels(l, [], errs);
      r.fieldErrors([...path, 'labels'], errs);
      poolLabels = l;
    }
  }
  const taints = v.taints === undefined ? [] : readTaints(r, v.taints, [...path, 'taints']);
  const costPerHour = v.costPerHour === undefined ? undefined : r.number(v.costPerHour, [...path, 'costPerHour'], 0, Number.MAX_VALUE);
  let bandwidth = DEFAULT_IMAGE_PULL_BANDWIDTH;
  if (v.imagePullBandwidth !== undefined) {
    const raw = v.imagePullBandwidth;
    const text = typeof raw === 'string' ? raw.replace(/\/s$/, '') : raw;
    const b = r.size(text, [...path, 'imagePullBandwidth']);
    if (b !== undefined && b <= 0) r.fail([...path, 'imagePullBandwidth'], `must be greater than 0, got ${shown(raw)}`);
    else if (b !== undefined) bandwidth = b;
  }
  if (r.problems.length > before || name === undefined || count === undefined || !capacity || !taints) return undefined;
  const pool: NodePool = { name, count, zones, capacity, labels: poolLabels, taints, imagePullBandwidth: bandwidth };
  if (allocatable) pool.allocatable = allocatable;
  if (costPerHour !== undefined) pool.costPerHour = costPerHour;
  if (v.autoscaling !== undefined) pool.autoscaling = readNodeGroup(r, v.autoscaling, [...path, 'autoscaling'], count, r.limits.maxNodes);
  return pool;
}

/** A resource list kept as quantity strings; for capacity, cpu and memory are required and pods defaults to 110. */
function readResources(r: SpecReader, v: unknown, path: FieldPath, isCapacity: boolean): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObj(v)) return r.fail(path, `expected a map of resource quantities like {cpu: "8", memory: 32Gi}, got ${shown(v)}`);
  const out: Record<string, string> = {};
  for (const [k, q] of Object.entries(v)) {
    if (typeof q === 'number' || typeof q === 'string') out[k] = String(q);
    else r.fail([...path, k], `expected a quantity like "8" or "32Gi", got ${shown(q)}`);
  }
  const errs: FieldError[] = [];
  resourceList(out, [], errs);
  r.fieldErrors(path, errs);
  if (isCapacity) {
    for (const req of ['cpu', 'memory']) if (v[req] === undefined) r.fail([...path, req], 'Required value');
    if (out.pods === undefined) out.pods = DEFAULT_PODS;
  }
  return errs.length === 0 ? out : undefined;
}

function readTaints(r: SpecReader, v: unknown, path: FieldPath): Taint[] | undefined {
  if (!Array.isArray(v)) return r.fail(path, `expected a list of taints like [{key: k, value: v, effect: NoSchedule}], got ${shown(v)}`);
  let ok = true;
  v.forEach((t, i) => {
    if (!r.fields(t, [...path, i], ['key', 'value', 'effect'])) ok = false;
    else if (t.value !== undefined && typeof t.value !== 'string') {
      r.fail([...path, i, 'value'], `expected a string, got ${shown(t.value)}`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  const errs: FieldError[] = [];
  validateTaints(v, [], errs);
  r.fieldErrors(path, errs);
  if (errs.length > 0) return undefined;
  return v.map((t) => {
    const taint: Taint = { key: t.key, effect: t.effect };
    if (t.value !== undefined) taint.value = t.value;
    return taint;
  });
}
