import { FieldPath } from '../api/validation/field-error';
import { dns1123SubdomainErrors } from '../api/validation/names';
import { didYouMean } from './did-you-mean';
import { readDistribution } from './distribution-spec';
import { FaultAction, FaultProcess, FaultScope, KubeletSettings } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';

/** Timeline actions read here (timeline-spec.ts delegates them). */
export const FAULT_ACTIONS = ['nodeCrash', 'kubeletStop', 'nodeRecover', 'partition', 'zoneOutage'] as const;
export type FaultActionName = (typeof FAULT_ACTIONS)[number];

const PROBE_MODES = ['tick', 'skip-ahead'];
/** Largest maxParallelImagePulls accepted. */
const MAX_PARALLEL_PULLS = 1000;
const MAX_COUNT = 5000;

/** `spec.kubelet: {probeMode, serializeImagePulls, maxParallelImagePulls}`; defaults: skip-ahead, true. */
export function readKubelet(r: SpecReader, v: unknown, path: FieldPath): KubeletSettings {
  const out: KubeletSettings = { probeMode: 'skip-ahead', serializeImagePulls: true };
  if (v === undefined || v === null) return out;
  if (!r.fields(v, path, ['probeMode', 'serializeImagePulls', 'maxParallelImagePulls'])) return out;
  if (v.probeMode !== undefined) {
    if (typeof v.probeMode === 'string' && PROBE_MODES.includes(v.probeMode)) out.probeMode = v.probeMode as KubeletSettings['probeMode'];
    else r.fail([...path, 'probeMode'], `expected tick or skip-ahead, got ${shown(v.probeMode)}${typeof v.probeMode === 'string' ? didYouMean(v.probeMode, PROBE_MODES) : ''}`);
  }
  if (v.serializeImagePulls !== undefined) out.serializeImagePulls = r.bool(v.serializeImagePulls, [...path, 'serializeImagePulls']) ?? true;
  if (v.maxParallelImagePulls !== undefined) {
    const n = r.int(v.maxParallelImagePulls, [...path, 'maxParallelImagePulls'], 1, MAX_PARALLEL_PULLS, 'a number of pulls');
    if (n !== undefined) {
      if (out.serializeImagePulls) r.fail([...path, 'maxParallelImagePulls'], 'is only allowed with serializeImagePulls: false (as the kubelet requires)');
      else out.maxParallelImagePulls = n;
    }
  }
  return out;
}

/** `spec.faults`: a list of random fault processes, e.g. `- nodeCrash: {pool: general, mtbf: 24h, recovery: {uniform: [5m, 15m]}}`. */
export function readFaults(r: SpecReader, v: unknown, path: FieldPath, pools: ReadonlySet<string> | undefined): FaultProcess[] {
  const out: FaultProcess[] = [];
  if (v === undefined || v === null) return out;
  if (!Array.isArray(v)) {
    r.fail(path, `expected a list of fault processes like {nodeCrash: {pool, mtbf, recovery}}, got ${shown(v)}`);
    return out;
  }
  v.forEach((entry, i) => {
    const p = [...path, i];
    if (!r.fields(entry, p, ['nodeCrash']) || !r.required(entry, 'nodeCrash', p)) return;
    const bp = [...p, 'nodeCrash'];
    const body = entry.nodeCrash;
    if (!r.fields(body, bp, ['pool', 'mtbf', 'recovery'])) return;
    const pool = readPool(r, body, bp, pools);
    const mtbf = r.required(body, 'mtbf', bp) ? r.duration(body.mtbf, [...bp, 'mtbf'], true) : undefined;
    const recovery = body.recovery === undefined ? undefined : readDistribution(r, body.recovery, [...bp, 'recovery'], 'duration');
    if (pool === undefined || mtbf === undefined || (body.recovery !== undefined && recovery === undefined)) return;
    out.push(recovery ? { type: 'nodeCrash', pool, mtbf, recovery } : { type: 'nodeCrash', pool, mtbf });
  });
  return out;
}

/** One fault timeline action's body. */
export function readFaultAction(r: SpecReader, type: FaultActionName, v: unknown, path: FieldPath, pools: ReadonlySet<string> | undefined): FaultAction | undefined {
  switch (type) {
    case 'zoneOutage': {
      if (!r.fields(v, path, ['zone', 'for'])) return undefined;
      const zone = r.required(v, 'zone', path) ? r.string(v.zone, [...path, 'zone'], 'a zone name') : undefined;
      const dur = readFor(r, v, path);
      if (zone === undefined || dur === null) return undefined;
      return dur === undefined ? { type, scope: { zone } } : { type, scope: { zone }, for: dur };
    }
    case 'nodeRecover': {
      if (!r.fields(v, path, ['node', 'pool', 'count', 'zone'])) return undefined;
      const scope = readScope(r, v, path, pools, true);
      return scope ? { type, scope } : undefined;
    }
    default: {
      if (!r.fields(v, path, ['node', 'pool', 'count', 'zone', 'for'])) return undefined;
      const scope = readScope(r, v, path, pools, type === 'partition' || type === 'nodeCrash' || type === 'kubeletStop');
      const dur = readFor(r, v, path);
      if (!scope || dur === null) return undefined;
      return dur === undefined ? { type, scope } : { type, scope, for: dur };
    }
  }
}

/** `for`: undefined when absent, null when invalid. */
function readFor(r: SpecReader, v: Record<string, unknown>, path: FieldPath): number | undefined | null {
  if (v.for === undefined) return undefined;
  return r.duration(v.for, [...path, 'for'], true) ?? null;
}

/** Exactly one of `node`, `pool` (+ `count`, default 1) or `zone`. */
function readScope(r: SpecReader, v: Record<string, unknown>, path: FieldPath, pools: ReadonlySet<string> | undefined, zoneAllowed: boolean): FaultScope | undefined {
  const given = ['node', 'pool', 'zone'].filter((k) => v[k] !== undefined);
  if (given.length !== 1) {
    return r.fail(path, given.length === 0 ? `expected one of node, pool${zoneAllowed ? ' or zone' : ''}` : `expected one of node, pool or zone, got ${given.join(' and ')}`);
  }
  if (v.count !== undefined && v.pool === undefined) return r.fail([...path, 'count'], 'count goes with pool');
  if (v.node !== undefined) {
    const node = r.string(v.node, [...path, 'node'], 'a node name');
    if (node === undefined) return undefined;
    for (const m of dns1123SubdomainErrors(node)) return r.fail([...path, 'node'], `Invalid value: "${node}": ${m}`);
    return { node };
  }
  if (v.zone !== undefined) {
    if (!zoneAllowed) return r.fail([...path, 'zone'], 'zone is not allowed here');
    const zone = r.string(v.zone, [...path, 'zone'], 'a zone name');
    return zone === undefined ? undefined : { zone };
  }
  const pool = readPool(r, v, path, pools);
  const count = v.count === undefined ? 1 : r.int(v.count, [...path, 'count'], 1, MAX_COUNT, 'a node count');
  return pool === undefined || count === undefined ? undefined : { pool, count };
}

function readPool(r: SpecReader, v: Record<string, unknown>, path: FieldPath, pools: ReadonlySet<string> | undefined): string | undefined {
  if (!r.required(v, 'pool', path)) return undefined;
  const pool = r.string(v.pool, [...path, 'pool'], 'a node pool name');
  if (pool !== undefined && pools && !pools.has(pool)) {
    return r.fail([...path, 'pool'], `no node pool named "${pool}"${didYouMean(pool, [...pools])}; pools: ${[...pools].join(', ')}`);
  }
  return pool;
}


