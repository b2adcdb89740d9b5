import { Taint } from '../api/node';
import { Toleration } from '../api/pod';

/**
 * Toleration matching as k8s.io/api core/v1 Toleration.ToleratesTaint and component-helpers'
 * FindMatchingUntoleratedTaint, plus the taint-eviction controller's minimum toleration time.
 */

/** As int64 (strconv bounds). */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const CANONICAL_INT = /^(0|-?[1-9][0-9]*)$/;

/** A canonical decimal int64 (no '+', no leading zeros, no spaces), else null. */
function parseCanonicalInt64(s: string): bigint | null {
  if (!CANONICAL_INT.test(s)) return null;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? null : v;
}

/**
 * compareNumericValues for the Lt/Gt toleration operators (KEP-5471): both values must be
 * canonical int64 strings; Gt tolerates when taint > toleration, Lt when taint < toleration.
 * Any other operator or an unparsable value gives false.
 */
export function compareNumericValues(tolerationValue: string, taintValue: string, operator: string): boolean {
  if (operator !== 'Gt' && operator !== 'Lt') return false;
  const tol = parseCanonicalInt64(tolerationValue);
  const tnt = parseCanonicalInt64(taintValue);
  if (tol === null || tnt === null) return false;
  return operator === 'Gt' ? tnt > tol : tnt < tol;
}

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect, an empty key every key;
 * operator Equal (or empty) compares values exactly, Exists ignores the value, Lt/Gt compare
 * numerically only when the TaintTolerationComparisonOperators gate is on (off by default).
 */
export function toleratesTaint(toleration: Toleration, taint: Taint, enableComparisonOperators = false): boolean {
  const effect = toleration.effect;
  if (effect && effect !== taint.effect) return false;
  const key = toleration.key;
  if (key && key !== taint.key) return false;
  const op = toleration.operator as string | undefined;
  switch (op) {
    case undefined:
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      return enableComparisonOperators && compareNumericValues(toleration.value ?? '', taint.value ?? '', op);
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
  enableComparisonOperators = false,
): boolean {
  if (!tolerations) return false;
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i], taint, enableComparisonOperators)) return true;
  return false;
}

/** Which taints FindMatchingUntoleratedTaint considers; null considers all. */
export type TaintFilter = ((t: Taint) => boolean) | null;

/**
 * FindMatchingUntoleratedTaint: the first taint (in node order) accepted by `inclusionFilter`
 * that no toleration tolerates, or undefined when all such taints are tolerated.
 */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  inclusionFilter: TaintFilter,
  enableComparisonOperators = false,
): Taint | undefined {
  if (!taints) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i];
    if (inclusionFilter !== null && !inclusionFilter(t)) continue;
    if (!tolerationsTolerateTaint(tolerations, t, enableComparisonOperators)) return t;
  }
  return undefined;
}

/**
 * tainteviction.getMatchingTolerations: whether every taint is tolerated, and for each taint the
 * first toleration that tolerates it (the "used" tolerations, in taint order).
 */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[] | undefined,
): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  if (taints.length === 0) return { allTolerated: true, used };
  if (!tolerations || tolerations.length === 0) return { allTolerated: false, used };
  for (const taint of taints) {
    let found: Toleration | undefined;
    for (const t of tolerations) {
      if (toleratesTaint(t, taint)) {
        found = t;
        break;
      }
    }
    if (found === undefined) return { allTolerated: false, used: [] };
    used.push(found);
  }
  return { allTolerated: true, used };
}

/**
 * tainteviction.getMinTolerationTime, in seconds: 0 with no used tolerations or when any used
 * tolerationSeconds is <= 0 (evict now); -1 when none sets tolerationSeconds (tolerate forever);
 * else the smallest tolerationSeconds. Example: [1, unset] → 1.
 */
export function getMinTolerationTime(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    const s = t.tolerationSeconds;
    if (s === undefined || s === null) continue;
    if (s <= 0) return 0;
    if (s < min) min = s;
  }
  return min === Infinity ? -1 : min;
}
