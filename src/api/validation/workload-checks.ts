import { labelSelectorAsSelector } from '../label-selector';
import { LabelSelector } from '../meta';
import { FieldError, FieldPath, forbidden, invalid, required } from './field-error';
import { Obj, atLeast, child, isObj, labelSelector, nonNegative, objectMeta, oneOf } from './common';
import { validatePodSpec } from './pod-spec';

/** Bounds kubesim puts on manifests beyond upstream's (src/scenario/limits.ts, raisable with --limit). */
export interface ValidationLimits {
  /** Largest replica count accepted (upstream allows int32); keeps hostile input finite. */
  maxReplicas: number;
}

/** kubesim's default bound on any replica count. */
export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = { maxReplicas: 1_000_000 };

/** A rule of a kind's table: checks one object, appending field errors. */
export type Check = (o: Obj, out: FieldError[], limits: ValidationLimits) => void;

function overReplicaLimit(path: FieldPath, v: number, limit: number): FieldError {
  return invalid(path, v, `the limit is ${limit} replicas (raise it with --limit maxReplicas=${v})`);
}

function at(o: unknown, path: FieldPath): unknown {
  let v = o;
  for (const seg of path) v = child(v, String(seg));
  return v;
}

/** replicas ≥ 0 (ValidateNonnegativeField) and ≤ limits.maxReplicas. */
export function replicas(path: FieldPath): Check {
  return (o, out, limits) => {
    const v = at(o, path);
    nonNegative(v, path, out);
    if (typeof v === 'number' && v > limits.maxReplicas) out.push(overReplicaLimit(path, v, limits.maxReplicas));
  };
}

export function nonNegativeFields(...paths: FieldPath[]): Check {
  return (o, out) => {
    for (const p of paths) nonNegative(at(o, p), p, out);
  };
}

export function requiredFields(...paths: FieldPath[]): Check {
  return (o, out) => {
    for (const p of paths) {
      const v = at(o, p);
      if (v === undefined || v === null || v === '') out.push(required(p));
    }
  };
}

export function enumField(path: FieldPath, allowed: readonly string[]): Check {
  return (o, out) => oneOf(at(o, path), allowed, path, out);
}

/**
 * A pod template (ValidatePodTemplateSpec): present, labels valid, pod spec valid, and
 * spec.restartPolicy one of `restartPolicies` (workload controllers restrict it).
 */
export function podTemplate(path: FieldPath, restartPolicies: readonly string[]): Check {
  return (o, out) => {
    const t = at(o, path);
    if (!isObj(t)) {
      out.push(required(path));
      return;
    }
    const meta = t.metadata;
    if (isObj(meta)) objectMeta({ ...meta, name: 'template' }, [...path, 'metadata'], out, { namespaced: true, nameRule: 'subdomain' });
    const spec = t.spec;
    if (isObj(spec) && spec.restartPolicy === undefined && !restartPolicies.includes('Always')) {
      out.push(required([...path, 'spec', 'restartPolicy'], `valid values: ${restartPolicies.map((s) => JSON.stringify(s)).join(', ')}`));
    }
    validatePodSpec(spec, [...path, 'spec'], out, restartPolicies);
  };
}

/**
 * A metav1.LabelSelector that must select the template's labels (ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ...): required unless `optional`, non-empty, valid, and matching
 * template.metadata.labels with upstream's message "`selector` does not match template `labels`".
 */
export function selectorMatchingTemplate(
  selectorPath: FieldPath,
  templatePath: FieldPath,
  kindWord: string,
  optional = false,
): Check {
  return (o, out) => {
    const sel = at(o, selectorPath);
    if (sel === undefined || sel === null) {
      if (!optional) out.push(required(selectorPath));
      return;
    }
    if (!isObj(sel)) return;
    const ml = sel.matchLabels;
    const me = sel.matchExpressions;
    const empty = (!isObj(ml) || Object.keys(ml).length === 0) && (!Array.isArray(me) || me.length === 0);
    if (empty) {
      out.push(invalid(selectorPath, sel, `empty selector is invalid for ${kindWord}`));
      return;
    }
    if (!labelSelector(sel, selectorPath, out)) return;
    if (!isObj(at(o, templatePath))) return;
    const labelsPath = [...templatePath, 'metadata', 'labels'];
    const tl = at(o, labelsPath);
    const labels: Record<string, string> = isObj(tl) ? (tl as Record<string, string>) : {};
    let matches = false;
    try {
      matches = labelSelectorAsSelector(sel as LabelSelector).matches(labels);
    } catch {
      return;
    }
    if (!matches) out.push(invalid(labelsPath, labels, '`selector` does not match template `labels`'));
  };
}

/** ReplicationController's selector: a plain label map that must match the template's labels. */
export function mapSelectorMatchingTemplate(selectorPath: FieldPath, templatePath: FieldPath): Check {
  return (o, out) => {
    const sel = at(o, selectorPath);
    const labelsPath = [...templatePath, 'metadata', 'labels'];
    const tl = at(o, labelsPath);
    if (!isObj(sel) || Object.keys(sel).length === 0) {
      if (!isObj(tl) || Object.keys(tl).length === 0) out.push(required(selectorPath));
      return;
    }
    const labels = isObj(tl) ? tl : {};
    for (const [k, v] of Object.entries(sel)) {
      if (labels[k] !== v) {
        out.push(invalid(labelsPath, labels, '`selector` does not match template `labels`'));
        return;
      }
    }
  };
}

const PERCENT = /^[0-9]+%$/;
const PERCENT_MESSAGE =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** ValidatePositiveIntOrPercent: an int ≥ 0 or "N%". Returns the value as int or percent, or undefined if invalid. */
export function intOrPercent(v: unknown, path: FieldPath, out: FieldError[], max100 = false): number | undefined {
  if (typeof v === 'number') {
    if (v < 0) {
      out.push(invalid(path, v, 'must be greater than or equal to 0'));
      return undefined;
    }
    return v;
  }
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) {
      out.push(invalid(path, v, PERCENT_MESSAGE));
      return undefined;
    }
    const pct = Number(v.slice(0, -1));
    if (max100 && pct > 100) {
      out.push(invalid(path, v, 'must not be greater than 100%'));
      return undefined;
    }
    return pct;
  }
  return undefined;
}

/**
 * ValidateDeploymentStrategy + ValidateRollingUpdateDeployment. Unset maxSurge / maxUnavailable
 * count as upstream's default 25%, so "may not be 0 when `maxSurge` is 0" fires only when both are
 * explicitly zero (as upstream sees them after defaulting).
 */
export const deploymentStrategy: Check = (o, out) => {
  const path = ['spec', 'strategy'];
  const s = at(o, path);
  if (!isObj(s)) return;
  oneOf(s.type, ['Recreate', 'RollingUpdate'], [...path, 'type'], out);
  const ru = s.rollingUpdate;
  if (s.type === 'Recreate') {
    if (ru !== undefined && ru !== null) out.push(forbidden([...path, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'"));
    return;
  }
  if (!isObj(ru)) return;
  const surge = ru.maxSurge === undefined || ru.maxSurge === null ? 25 : intOrPercent(ru.maxSurge, [...path, 'rollingUpdate', 'maxSurge'], out);
  const unavailPath = [...path, 'rollingUpdate', 'maxUnavailable'];
  const unavail = ru.maxUnavailable === undefined || ru.maxUnavailable === null ? 25 : intOrPercent(ru.maxUnavailable, unavailPath, out, true);
  if (surge === 0 && unavail === 0) out.push(invalid(unavailPath, ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
};

/** A rolling-update block whose fields are int-or-percent (DaemonSet, StatefulSet). */
export function intOrPercentFields(...paths: FieldPath[]): Check {
  return (o, out) => {
    for (const p of paths) {
      const v = at(o, p);
      if (v !== undefined && v !== null) intOrPercent(v, p, out);
    }
  };
}

/** Both set is an error (PodDisruptionBudget: minAvailable and maxUnavailable). */
export function mutuallyExclusive(parent: FieldPath, a: string, b: string): Check {
  return (o, out) => {
    const p = at(o, parent);
    if (isObj(p) && p[a] !== undefined && p[a] !== null && p[b] !== undefined && p[b] !== null) {
      out.push(invalid(parent, p, `${a} and ${b} cannot be both set`));
    }
  };
}

/** A selector (no template to match), e.g. PodDisruptionBudget.spec.selector. */
export function selectorOnly(path: FieldPath): Check {
  return (o, out) => {
    labelSelector(at(o, path), path, out);
  };
}

/** minReplicas ≤ maxReplicas, maxReplicas ≥ 1 (ValidateHorizontalPodAutoscalerSpec). */
export const hpaReplicas: Check = (o, out, limits) => {
  const min = at(o, ['spec', 'minReplicas']);
  const max = at(o, ['spec', 'maxReplicas']);
  atLeast(min, 1, ['spec', 'minReplicas'], out);
  atLeast(max, 1, ['spec', 'maxReplicas'], out);
  if (typeof max === 'number' && max > limits.maxReplicas) out.push(overReplicaLimit(['spec', 'maxReplicas'], max, limits.maxReplicas));
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    out.push(invalid(['spec', 'maxReplicas'], max, 'must be greater than or equal to `minReplicas`'));
  }
};
