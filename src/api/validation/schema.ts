import { FieldError, FieldPath, formatValue } from './field-error';

/**
 * The JSON types of the manifest fields kubesim reads, as the API server's decoder would enforce
 * them. Only known fields are described: unknown fields are accepted and ignored (real manifests
 * carry many fields kubesim does not model), but a known field with the wrong JSON type is an error.
 */
export type Shape =
  | { readonly t: 'string' | 'int' | 'number' | 'bool' | 'intOrString' | 'quantity' | 'any' }
  | { readonly t: 'object'; readonly name: string; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly t: 'array'; readonly of: Shape }
  | { readonly t: 'map'; readonly of: Shape };

export const STRING: Shape = { t: 'string' };
export const INT: Shape = { t: 'int' };
export const NUMBER: Shape = { t: 'number' };
export const BOOL: Shape = { t: 'bool' };
/** intstr.IntOrString: 3 or "25%". */
export const INT_OR_STRING: Shape = { t: 'intOrString' };
/** resource.Quantity: a string or a number (its text form is checked by validation, not here). */
export const QUANTITY: Shape = { t: 'quantity' };
export const ANY: Shape = { t: 'any' };

export const obj = (name: string, fields: Record<string, Shape>): Shape => ({ t: 'object', name, fields });
export const arr = (of: Shape): Shape => ({ t: 'array', of });
export const mapOf = (of: Shape): Shape => ({ t: 'map', of });
export const STRING_MAP: Shape = mapOf(STRING);
export const STRING_LIST: Shape = arr(STRING);

function describe(shape: Shape): string {
  switch (shape.t) {
    case 'string':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a boolean (true or false)';
    case 'intOrString':
      return 'an integer or a string';
    case 'quantity':
      return 'a quantity (a string like "500m" or "1Gi", or a number)';
    case 'any':
      return 'any value';
    case 'object':
      return `an object (${shape.name})`;
    case 'array':
      return 'a list';
    case 'map':
      return 'a map';
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  return 'a string';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeError(path: FieldPath, v: unknown, shape: Shape): FieldError {
  const shown = isPlainObject(v) || Array.isArray(v) ? JSON.stringify(kindOf(v)) : formatValue(v);
  return { path, message: `Invalid value: ${shown}: must be ${describe(shape)}, got ${kindOf(v)}` };
}

/**
 * Checks `v` against `shape`, appending one error per mistyped field. A null value is accepted for
 * any field (the decoder treats `field: null` as unset).
 */
export function checkShape(v: unknown, shape: Shape, path: FieldPath, out: FieldError[]): void {
  if (v === null || v === undefined) return;
  switch (shape.t) {
    case 'any':
      return;
    case 'string':
      if (typeof v !== 'string') out.push(typeError(path, v, shape));
      return;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) out.push(typeError(path, v, shape));
      return;
    case 'number':
      if (typeof v !== 'number') out.push(typeError(path, v, shape));
      return;
    case 'bool':
      if (typeof v !== 'boolean') out.push(typeError(path, v, shape));
      return;
    case 'intOrString':
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) out.push(typeError(path, v, shape));
      return;
    case 'quantity':
      if (typeof v !== 'string' && typeof v !== 'number') out.push(typeError(path, v, shape));
      return;
    case 'array':
      if (!Array.isArray(v)) {
        out.push(typeError(path, v, shape));
        return;
      }
      for (let i = 0; i < v.length; i++) checkShape(v[i], shape.of, [...path, i], out);
      return;
    case 'map':
      if (!isPlainObject(v)) {
        out.push(typeError(path, v, shape));
        return;
      }
      for (const k of Object.keys(v)) checkShape(v[k], shape.of, [...path, k], out);
      return;
    case 'object':
      if (!isPlainObject(v)) {
        out.push(typeError(path, v, shape));
        return;
      }
      for (const k of Object.keys(shape.fields)) {
        if (k in v) checkShape(v[k], shape.fields[k], [...path, k], out);
      }
      return;
  }
}
