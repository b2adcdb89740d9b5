import { FieldError, required, unsupported } from './field-error';
import { checkShape } from './schema';
import { isObj, objectMeta } from './common';
import { KindRule, kindRule, objectShape } from './kinds';
import { DEFAULT_VALIDATION_LIMITS, ValidationLimits } from './workload-checks';

export interface ValidationResult {
  /** The kind's rule, or undefined for kinds kubesim does not simulate (the object is ignored). */
  rule?: KindRule;
  errors: FieldError[];
}

/**
 * Validates one manifest object as the API server would on create: apiVersion and kind present,
 * known fields of the right JSON type, then the kind's rules. Semantic rules run only when the
 * types are right, so each mistake is reported once. Unknown kinds give no errors and no rule.
 * `limits` are kubesim's own bounds beyond upstream's (replica counts).
 */
export function validateObject(o: unknown, limits: ValidationLimits = DEFAULT_VALIDATION_LIMITS): ValidationResult {
  const errors: FieldError[] = [];
  if (!isObj(o)) {
    errors.push({ path: [], message: 'Invalid value: must be an object with apiVersion, kind and metadata' });
    return { errors };
  }
  if (o.apiVersion === undefined || o.apiVersion === null || o.apiVersion === '') errors.push(required(['apiVersion']));
  if (o.kind === undefined || o.kind === null || o.kind === '') {
    errors.push(required(['kind']));
    return { errors };
  }
  if (typeof o.kind !== 'string') {
    errors.push({ path: ['kind'], message: 'Invalid value: must be a string' });
    return { errors };
  }
  const rule = kindRule(o.kind);
  if (!rule) return { errors };
  if (typeof o.apiVersion === 'string' && o.apiVersion !== '' && !rule.apiVersions.includes(o.apiVersion)) {
    errors.push(unsupported(['apiVersion'], o.apiVersion, rule.apiVersions));
  }
  checkShape(o, objectShape(rule), [], errors);
  if (errors.length > 0) return { rule, errors };
  objectMeta(o.metadata, ['metadata'], errors, { namespaced: rule.namespaced, nameRule: rule.nameRule });
  for (const check of rule.checks) check(o, errors, limits);
  return { rule, errors };
}
