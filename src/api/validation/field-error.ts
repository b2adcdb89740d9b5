/**
 * Field errors in the style of apimachinery's field.Error: `<path>: <type>: <detail>`, where the
 * type is one of upstream's ErrorType strings ("Required value", "Invalid value", "Unsupported
 * value", "Duplicate value", "Forbidden", "Too many"). Paths are kept as segments so that the loader
 * can find the YAML node they point at; `pathString` renders them as field.Path.String() does.
 */

/** A step into an object (field or map key) or a list (index). */
export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

export interface FieldError {
  path: FieldPath;
  /** Everything after "<path>: ", e.g. `Invalid value: "2x": quantities must match ...`. */
  message: string;
  /** The error is about a map key (an invalid label key): point at the key, not its value. */
  atKey?: boolean;
}

const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * As field.Path.String(): fields joined with ".", list indices as "[i]". Map keys that are not
 * plain identifiers ("nvidia.com/gpu") are written as field.Path.Key does: "[nvidia.com/gpu]".
 */
export function pathString(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (out === '') out = PLAIN_FIELD.test(seg) ? seg : `[${seg}]`;
    else out += PLAIN_FIELD.test(seg) ? `.${seg}` : `[${seg}]`;
  }
  return out;
}

/**
 * A value as Go's %#v prints it in upstream messages: strings quoted, numbers bare, string maps as
 * map[string]string{"k":"v"} with sorted keys (fmt sorts map keys), lists and other objects as JSON.
 */
export function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return shorten(JSON.stringify(v));
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.every(([, x]) => typeof x === 'string')) {
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return shorten(JSON.stringify(v));
}

function shorten(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export function required(path: FieldPath, detail?: string): FieldError {
  return { path, message: detail ? `Required value: ${detail}` : 'Required value' };
}

export function invalid(path: FieldPath, value: unknown, detail: string): FieldError {
  return { path, message: `Invalid value: ${formatValue(value)}: ${detail}` };
}

export function invalidKey(path: FieldPath, key: string, detail: string): FieldError {
  return { path, message: `Invalid value: ${formatValue(key)}: ${detail}`, atKey: true };
}

/** As field.NotSupported: `Unsupported value: "x": supported values: "a", "b"`. */
export function unsupported(path: FieldPath, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { path, message: `Unsupported value: ${formatValue(value)}: supported values: ${list}` };
}

export function duplicate(path: FieldPath, value: unknown): FieldError {
  return { path, message: `Duplicate value: ${formatValue(value)}` };
}

export function forbidden(path: FieldPath, detail: string): FieldError {
  return { path, message: `Forbidden: ${detail}` };
}

/** As field.TooMany: `Too many: 3: must have at most 1 items`. */
export function tooMany(path: FieldPath, actual: number, max: number): FieldError {
  return { path, message: `Too many: ${actual}: must have at most ${max} items` };
}
