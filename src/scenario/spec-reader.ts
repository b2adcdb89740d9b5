import { Document } from 'yaml';
import { isValidQuantity, resourceAmount } from '../api/quantity';
import { FieldError, FieldPath, pathString } from '../api/validation/field-error';
import { Time, parseDuration } from '../engine/time';
import { didYouMean } from './did-you-mean';
import { DEFAULT_LIMITS, Limits, overLimit } from './limits';
import { Problem } from './problems';
import { YamlSource } from './yaml-source';

/** Longest scenario duration (and any duration field) accepted by default; see Limits.maxDuration. */
export const MAX_DURATION: Time = DEFAULT_LIMITS.maxDuration;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How a value looks, for "expected X, got Y" messages. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/**
 * Reads the scenario document with every mistake recorded as a Problem at its node's position.
 * Readers return undefined for a bad value (after recording it) so parsing continues and all
 * problems of a file are reported at once.
 */
export class SpecReader {
  constructor(
    readonly src: YamlSource,
    readonly doc: Document.Parsed,
    readonly problems: Problem[],
    /** Paths set by overrides ("spec.seed" → "spec.seed=7"), to say so in messages. */
    readonly overridden: ReadonlyMap<string, string> = new Map(),
    /** The input limits in force (--limit). */
    readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  fail(path: FieldPath, message: string, atKey = false): undefined {
    const p = this.src.problemAt(this.doc, path, message, atKey);
    for (const [prefix, text] of this.overridden) {
      if (p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`)) {
        p.message += ` (set by override ${text})`;
        break;
      }
    }
    this.problems.push(p);
    return undefined;
  }

  /** Field errors of the API validation, relative to `base`. */
  fieldErrors(base: FieldPath, errors: readonly FieldError[]): void {
    for (const e of errors) this.fail([...base, ...e.path], e.message, e.atKey);
  }

  /** `v` must be a map whose keys are all in `known`; unknown keys get a did-you-mean hint. */
  fields(v: unknown, path: FieldPath, known: readonly string[]): v is Obj {
    if (!isObj(v)) {
      this.fail(path, `expected a map with fields ${known.join(', ')}, got ${shown(v)}`);
      return false;
    }
    for (const k of Object.keys(v)) {
      if (!known.includes(k)) this.fail([...path, k], `unknown field "${k}"${didYouMean(k, known)}; known fields: ${known.join(', ')}`, true);
    }
    return true;
  }

  required(o: Obj, key: string, path: FieldPath): boolean {
    if (o[key] === undefined || o[key] === null) {
      this.fail([...path, key], 'Required value');
      return false;
    }
    return true;
  }

  string(v: unknown, path: FieldPath, what = 'a string'): string | undefined {
    if (typeof v === 'string' && v !== '') return v;
    return this.fail(path, `expected ${what}, got ${shown(v)}`);
  }

  bool(v: unknown, path: FieldPath): boolean | undefined {
    if (typeof v === 'boolean') return v;
    return this.fail(path, `expected true or false, got ${shown(v)}`);
  }

  int(v: unknown, path: FieldPath, min: number, max: number, what = 'an integer'): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.fail(path, `expected ${what}, got ${shown(v)}`);
    if (v < min) return this.fail(path, `must be at least ${min}, got ${v}`);
    if (v > max) return this.fail(path, `must be at most ${max}, got ${v}`);
    return v;
  }

  number(v: unknown, path: FieldPath, min: number, max: number): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(path, `expected a number, got ${shown(v)}`);
    if (v < min) return this.fail(path, `must be at least ${min}, got ${v}`);
    if (v > max) return this.fail(path, `must be at most ${max}, got ${v}`);
    return v;
  }

  /** A Go-style duration ("90s", "1h30m", a bare number = seconds), ≤ limits.maxDuration. */
  duration(v: unknown, path: FieldPath, positive = false): Time | undefined {
    const t = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : undefined;
    if (t === undefined) return this.fail(path, `expected a duration like "90s" or "1h30m", got ${shown(v)}`);
    if (positive && t === 0) return this.fail(path, `must be longer than 0s, got ${shown(v)}`);
    if (t > this.limits.maxDuration) return this.fail(path, overLimit(`duration ${shown(v)} is too long`, 'maxDuration', this.limits.maxDuration, t));
    return t;
  }

  /** A size as a quantity ("250Mi", "1G", or a plain number of bytes), in bytes. */
  size(v: unknown, path: FieldPath): number | undefined {
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
    if (text === undefined || !isValidQuantity(text)) return this.fail(path, `expected a size like "250Mi" or "1Gi", got ${shown(v)}`);
    const bytes = resourceAmount('storage', text);
    if (bytes < 0) return this.fail(path, `must not be negative, got ${shown(v)}`);
    return bytes;
  }

  /** A list of strings, each non-empty. */
  stringList(v: unknown, path: FieldPath): string[] | undefined {
    if (!Array.isArray(v)) return this.fail(path, `expected a list of strings, got ${shown(v)}`);
    const out: string[] = [];
    let ok = true;
    v.forEach((x, i) => {
      const s = this.string(x, [...path, i]);
      if (s === undefined) ok = false;
      else out.push(s);
    });
    return ok ? out : undefined;
  }

  /** A map of string keys to string values. */
  stringMap(v: unknown, path: FieldPath): Record<string, string> | undefined {
    if (!isObj(v)) return this.fail(path, `expected a map of strings, got ${shown(v)}`);
    const out: Record<string, string> = {};
    let ok = true;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'string') out[k] = x;
      else {
        this.fail([...path, k], `expected a string (quote numbers and booleans: "${String(x)}"), got ${shown(x)}`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  pathText(path: FieldPath): string {
    return pathString(path);
  }
}
