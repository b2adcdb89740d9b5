import { FieldPath } from '../api/validation/field-error';
import { SpecReader, shown } from './spec-reader';

/** The default spec.startTime: 2026-01-01T00:00:00Z as epoch ms. */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1);

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * spec.startTime: the wall-clock instant of virtual time 0, RFC 3339 with a zone
 * ("2026-01-01T00:00:00Z", "2026-03-29T01:30:00+01:00"); returned as epoch ms.
 */
export function readStartTime(r: SpecReader, v: unknown, path: FieldPath): number | undefined {
  if (v instanceof Date) return v.getTime();
  const text = r.string(v, path, 'an RFC 3339 instant like "2026-01-01T00:00:00Z"');
  if (text === undefined) return undefined;
  const m = RFC3339.exec(text);
  const ms = m ? Date.parse(text) : NaN;
  const [, , mo, d, h, mi, s] = m ?? [];
  if (!m || Number.isNaN(ms) || +mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) {
    return r.fail(path, `expected an RFC 3339 instant with a zone, like "2026-01-01T00:00:00Z", got ${shown(v)}`);
  }
  return ms;
}

/** spec.storage: {zonal: bool}. zonal: a StatefulSet's volumes live in one zone and pin its pods there. */
export function readStorage(r: SpecReader, v: unknown, path: FieldPath): { zonal: boolean } | undefined {
  if (!r.fields(v, path, ['zonal'])) return undefined;
  if (v.zonal === undefined) return { zonal: false };
  const zonal = r.bool(v.zonal, [...path, 'zonal']);
  return zonal === undefined ? undefined : { zonal };
}
