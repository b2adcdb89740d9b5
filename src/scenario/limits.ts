import { isValidQuantity, resourceAmount } from '../api/quantity';
import { DEFAULT_VALIDATION_LIMITS } from '../api/validation/workload-checks';
import { DAY, Time, formatDuration, parseDuration } from '../engine/time';
import { didYouMean } from './did-you-mean';

/**
 * Bounds on what the loader accepts, against hostile or accidental input (a typo of 10 extra zeros,
 * an alias bomb, a 2 GB file). Every bound is raisable with `--limit <name>=<value>` (docs/cli.md);
 * the defaults fit the upstream scalability envelope (5,000 nodes, 150,000 pods) with room to spare.
 * A plain record of numbers, so it crosses to worker threads unchanged.
 */
export interface Limits {
  /** Most nodes a scenario may create: node pools plus addNodes actions (memory grows with nodes). */
  maxNodes: number;
  /** Largest replica count: workloads' spec.replicas, Job parallelism, HPA maxReplicas, scale actions. */
  maxReplicas: number;
  /** Most objects one file may hold (documents plus List items). */
  maxObjectsPerFile: number;
  /** Largest input file (scenario, manifests, CSV), in bytes; checked before the file is read. */
  maxFileBytes: number;
  /** Alias references one YAML document may expand (the yaml package's maxAliasCount, against "billion laughs"). */
  maxAliasCount: number;
  /** Longest duration accepted in any duration field, the run's spec.duration included, µs. */
  maxDuration: Time;
}

export type LimitName = keyof Limits;

const MI = 1024 * 1024;
/** Kubernetes replica counts are int32. */
const INT32_MAX = 2 ** 31 - 1;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxNodes: 100_000,
  maxReplicas: DEFAULT_VALIDATION_LIMITS.maxReplicas,
  maxObjectsPerFile: 100_000,
  maxFileBytes: 16 * MI,
  maxAliasCount: 100,
  maxDuration: 366 * DAY,
});

type Unit = 'nodes' | 'replicas' | 'objects' | 'bytes' | 'aliases' | 'duration';

interface LimitRule {
  unit: Unit;
  min: number;
  max: number;
  /** What --limit expects, for error messages. */
  expected: string;
}

const RULES: Record<LimitName, LimitRule> = {
  maxNodes: { unit: 'nodes', min: 1, max: Number.MAX_SAFE_INTEGER, expected: 'a node count (an integer ≥ 1)' },
  maxReplicas: { unit: 'replicas', min: 1, max: INT32_MAX, expected: `a replica count (an integer from 1 to ${INT32_MAX}, replicas being int32)` },
  maxObjectsPerFile: { unit: 'objects', min: 1, max: Number.MAX_SAFE_INTEGER, expected: 'an object count (an integer ≥ 1)' },
  maxFileBytes: { unit: 'bytes', min: 1, max: Number.MAX_SAFE_INTEGER, expected: 'a size in bytes or a quantity like "64Mi" or "1Gi"' },
  maxAliasCount: { unit: 'aliases', min: 0, max: Number.MAX_SAFE_INTEGER, expected: 'an alias count (an integer ≥ 0; 0 forbids aliases)' },
  maxDuration: { unit: 'duration', min: 1, max: Number.MAX_SAFE_INTEGER, expected: 'a duration longer than 0s like "400d" or "9000h"' },
};

export const LIMIT_NAMES = Object.keys(RULES) as LimitName[];

/** The limits in force: the defaults with `given` on top. */
export function resolveLimits(given?: Partial<Limits>): Limits {
  return given ? { ...DEFAULT_LIMITS, ...given } : { ...DEFAULT_LIMITS };
}

/** One `name=value` setting, or an error sentence naming what was expected. */
export function parseLimit(text: string): { name: LimitName; value: number } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--limit expects <name>=<value> (e.g. maxNodes=200000), got "${text}"; limits: ${LIMIT_NAMES.join(', ')}`;
  const name = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (!(LIMIT_NAMES as string[]).includes(name)) {
    return `--limit: unknown limit "${name}"${didYouMean(name, LIMIT_NAMES)}; limits: ${LIMIT_NAMES.join(', ')}`;
  }
  const n = name as LimitName;
  const rule = RULES[n];
  const value = parseValue(rule.unit, raw);
  if (value === undefined || value < rule.min || value > rule.max) return `--limit ${n} expects ${rule.expected}, got "${raw}"`;
  return { name: n, value };
}

/**
 * Adds one `name=value` setting to `acc` (the repeated --limit options), or returns an error
 * sentence: a bad setting, or a name given twice.
 */
export function addLimitSetting(acc: Partial<Limits>, text: string): Partial<Limits> | string {
  const p = parseLimit(text);
  if (typeof p === 'string') return p;
  if (acc[p.name] !== undefined) return `--limit ${p.name} is given twice`;
  return { ...acc, [p.name]: p.value };
}

function parseValue(unit: Unit, raw: string): number | undefined {
  if (unit === 'duration') return parseDuration(raw);
  if (/^\d+$/.test(raw)) {
    const v = Number(raw);
    return Number.isSafeInteger(v) ? v : undefined;
  }
  if (unit !== 'bytes' || !isValidQuantity(raw)) return undefined;
  const v = resourceAmount('storage', raw);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** A value as --limit accepts it: "64Mi" for whole MiB, "400d" for whole days, else plain. */
export function formatLimitValue(name: LimitName, v: number): string {
  const unit = RULES[name].unit;
  if (unit === 'bytes') return v % MI === 0 ? `${v / MI}Mi` : String(v);
  if (unit === 'duration') return v % DAY === 0 ? `${v / DAY}d` : formatDuration(v);
  return String(v);
}

function describeLimit(name: LimitName, v: number): string {
  switch (RULES[name].unit) {
    case 'nodes':
      return `${v} nodes`;
    case 'replicas':
      return `${v} replicas`;
    case 'objects':
      return `${v} objects per file`;
    case 'bytes':
      return v % MI === 0 ? `${v / MI} MiB per file` : `${v} bytes per file`;
    case 'aliases':
      return `${v} alias expansions per document`;
    case 'duration':
      return formatLimitValue(name, v);
  }
}

/**
 * The message for input over a limit: what was exceeded, the limit's value, and the option that
 * raises it, e.g. "node pools total 6000 nodes; the limit is 5000 nodes (raise it with --limit
 * maxNodes=6000)". `needed` is the smallest value that admits the input, rounded up to whole MiB
 * (or days, beyond a day); undefined when it is unknown (alias counts), shown as N.
 */
export function overLimit(what: string, name: LimitName, limit: number, needed?: number): string {
  let value = 'N';
  if (needed !== undefined) {
    const unit = RULES[name].unit;
    const up = unit === 'bytes' ? Math.ceil(needed / MI) * MI : unit === 'duration' && needed > DAY ? Math.ceil(needed / DAY) * DAY : needed;
    value = formatLimitValue(name, up);
  }
  return `${what}; the limit is ${describeLimit(name, limit)} (raise it with --limit ${name}=${value})`;
}
