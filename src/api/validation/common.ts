import { ERR_FORMAT_WRONG, isValidQuantity, resourceAmount } from '../quantity';
import { labelSelectorAsSelector } from '../label-selector';
import { LabelSelector } from '../meta';
import { FieldError, FieldPath, invalid, invalidKey, required } from './field-error';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors, qualifiedNameErrors } from './names';

/**
 * Shared checks of apimachinery's and core's validation (ValidateObjectMeta, ValidateLabels,
 * ValidateLabelSelector, ValidateResourceRequirements, ValidateNonnegativeField...). Callers have
 * already checked JSON types with checkShape, so values here have the documented types or are absent.
 */

/** The upstream quantity error (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_MESSAGE = ERR_FORMAT_WRONG;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function child(v: unknown, key: string): unknown {
  return isObj(v) ? v[key] : undefined;
}

export function nonNegative(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'number' && v < 0) out.push(invalid(path, v, 'must be greater than or equal to 0'));
}

export function atLeast(v: unknown, min: number, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'number' && v < min) out.push(invalid(path, v, `must be greater than or equal to ${min}`));
}

export function inRange(v: unknown, lo: number, hi: number, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'number' && (v < lo || v > hi)) out.push(invalid(path, v, `must be between ${lo} and ${hi}, inclusive`));
}

export function oneOf(v: unknown, allowed: readonly string[], path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'string' && !allowed.includes(v)) {
    const list = allowed.map((s) => JSON.stringify(s)).join(', ');
    out.push({ path, message: `Unsupported value: ${JSON.stringify(v)}: supported values: ${list}` });
  }
}

export function dnsLabel(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'string') for (const m of dns1123LabelErrors(v)) out.push(invalid(path, v, m));
}

export function dnsSubdomain(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'string') for (const m of dns1123SubdomainErrors(v)) out.push(invalid(path, v, m));
}

/** ValidateLabels: keys are qualified names, values label values. */
export function labels(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(v)) return;
  for (const [k, val] of Object.entries(v)) {
    for (const m of qualifiedNameErrors(k)) out.push(invalidKey([...path, k], k, m));
    if (typeof val === 'string') for (const m of labelValueErrors(val)) out.push(invalid([...path, k], val, m));
  }
}

/** Annotation keys are qualified names (ValidateAnnotations). */
export function annotationKeys(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(v)) return;
  for (const k of Object.keys(v)) for (const m of qualifiedNameErrors(k.toLowerCase())) out.push(invalidKey([...path, k], k, m));
}

/**
 * ValidateLabelSelector, via the project's labelSelectorAsSelector (which applies upstream's
 * requirement rules). Returns false when the selector is invalid.
 */
export function labelSelector(v: unknown, path: FieldPath, out: FieldError[]): boolean {
  if (!isObj(v)) return true;
  const before = out.length;
  labels(v.matchLabels, [...path, 'matchLabels'], out);
  const exprs = v.matchExpressions;
  if (Array.isArray(exprs)) {
    exprs.forEach((e, i) => {
      if (isObj(e) && (e.key === undefined || e.key === '')) out.push(required([...path, 'matchExpressions', i, 'key']));
    });
  }
  if (out.length > before) return false;
  try {
    labelSelectorAsSelector(v as LabelSelector);
  } catch (e) {
    out.push(invalid(path, v, e instanceof Error ? e.message : String(e)));
    return false;
  }
  return true;
}

/** A quantity in its text form, as resource.ParseQuantity accepts it. */
export function quantityText(v: unknown): string {
  return typeof v === 'number' ? String(v) : String(v);
}

/**
 * ValidateResourceQuantityValue and ValidateResourceRequirements: resource names are qualified
 * names, quantities parse and are ≥ 0, and each request is at most its limit.
 */
export function resourceRequirements(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(v)) return;
  const limits = resourceList(v.limits, [...path, 'limits'], out);
  const requests = resourceList(v.requests, [...path, 'requests'], out);
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (lim !== undefined && req.amount > lim.amount) {
      out.push(invalid([...path, 'requests', name], req.text, `must be less than or equal to ${name} limit of ${lim.text}`));
    }
  }
}

/** Checks a ResourceList; returns the valid entries with their amounts. */
export function resourceList(
  v: unknown,
  path: FieldPath,
  out: FieldError[],
): Map<string, { text: string; amount: number }> {
  const ok = new Map<string, { text: string; amount: number }>();
  if (!isObj(v)) return ok;
  for (const [name, q] of Object.entries(v)) {
    const p = [...path, name];
    let bad = false;
    for (const m of qualifiedNameErrors(name)) {
      out.push(invalidKey(p, name, m));
      bad = true;
    }
    if (q === null || q === undefined) continue;
    const text = quantityText(q);
    if (!isValidQuantity(text)) {
      out.push(invalid(p, text, QUANTITY_FORMAT_MESSAGE));
      continue;
    }
    let amount: number;
    try {
      amount = resourceAmount(name, text);
    } catch (e) {
      out.push(invalid(p, text, e instanceof Error ? e.message : String(e)));
      continue;
    }
    if (amount < 0 || text.trim().startsWith('-')) {
      out.push(invalid(p, text, 'must be greater than or equal to 0'));
      continue;
    }
    if (!bad) ok.set(name, { text, amount });
  }
  return ok;
}

/** ValidateObjectMeta for the fields kubesim reads. */
export function objectMeta(
  meta: unknown,
  path: FieldPath,
  out: FieldError[],
  opts: { namespaced: boolean; nameRule: 'subdomain' | 'label' },
): void {
  if (!isObj(meta)) {
    out.push(required([...path, 'name'], 'name or generateName is required'));
    return;
  }
  if ((meta.name === undefined || meta.name === '') && (meta.generateName === undefined || meta.generateName === '')) {
    out.push(required([...path, 'name'], 'name or generateName is required'));
  } else if (typeof meta.name === 'string' && meta.name !== '') {
    if (opts.nameRule === 'label') dnsLabel(meta.name, [...path, 'name'], out);
    else dnsSubdomain(meta.name, [...path, 'name'], out);
  }
  if (opts.namespaced) {
    if (typeof meta.namespace === 'string' && meta.namespace !== '') dnsLabel(meta.namespace, [...path, 'namespace'], out);
  } else if (typeof meta.namespace === 'string' && meta.namespace !== '') {
    out.push({ path: [...path, 'namespace'], message: 'Forbidden: not allowed on this type' });
  }
  labels(meta.labels, [...path, 'labels'], out);
  annotationKeys(meta.annotations, [...path, 'annotations'], out);
}
