import { Time, SECOND } from '../../engine/time';
import { IntOrString } from '../../api/meta';
import { Deployment, DeploymentCondition, DeploymentStatus, PodTemplateSpec, ReplicaSet } from '../../api/workloads';

/**
 * The Deployment controller's pure arithmetic, as upstream pkg/controller/deployment/util
 * (deployment_util.go), the proportional-scaling step of sync.go, and apimachinery's intstr.
 *
 * Reading of unset fields (objects are expected to be API-defaulted before they get here):
 * - spec.replicas unset reads as 1 (the API default for Deployment and ReplicaSet).
 * - strategy.type unset reads as RollingUpdate (the API default).
 * - rollingUpdate.maxSurge / maxUnavailable unset read as 0, as ResolveFenceposts does with a nil
 *   value; their 25% API defaults are applied when objects are admitted, not here.
 * Nothing here mutates its inputs.
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The label the controller adds to every ReplicaSet and pod it creates (DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** Progressing condition reasons (deploymentutil.TimedOutReason, NewRSAvailableReason). */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
/** math.MaxInt32: revisionHistoryLimit / progressDeadlineSeconds with this value mean "no limit". */
export const MAX_INT32 = 2147483647;

/** An invalid int-or-string value; the message follows apimachinery's wording. */
export class IntOrStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntOrStringError';
  }
}

const GO_INT = /^[+-]?[0-9]+$/;

/** strconv.Atoi for the values a simulator can hold: optional sign, decimal digits only. */
function parseGoInt(s: string): number | undefined {
  if (!GO_INT.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is returned as is; "N%" is N% of `total`, rounded
 * up (ceil) or down (floor). Throws IntOrStringError for nil, a string without a trailing '%'
 * (a bare "90" is an error, not a number) or a non-integer before the '%'.
 * Example: ("90%", 95, roundUp) → ceil(85.5) = 86; ("90%", 95, !roundUp) → 85; (123, 0, _) → 123.
 */
export function getScaledValueFromIntOrPercent(
  v: IntOrString | null | undefined,
  total: number,
  roundUp: boolean,
): number {
  if (v === null || v === undefined) throw new IntOrStringError('nil value for IntOrString');
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new IntOrStringError(`invalid value for IntOrString: ${v} is not an integer`);
    return v;
  }
  if (!v.endsWith('%')) {
    throw new IntOrStringError('invalid value for IntOrString: invalid type: string is not a percentage');
  }
  const digits = v.slice(0, -1);
  const n = parseGoInt(digits);
  if (n === undefined) {
    throw new IntOrStringError(
      `invalid value for IntOrString: invalid value "${v}": strconv.Atoi: parsing "${digits}": invalid syntax`,
    );
  }
  const scaled = (n * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
}

/**
 * deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, both against
 * `desired`; nil reads as 0; if both resolve to 0, unavailable becomes 1 (surge might be blocked by
 * quota). Throws IntOrStringError for an invalid value.
 * Example: ("39%", "39%", 10) → surge ceil(3.9) = 4, unavailable floor(3.9) = 3;
 * (nil, nil, 10) → {0, 1}; ("0%", "0%", 0) → {0, 1}.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | null | undefined,
  maxUnavailable: IntOrString | null | undefined,
  desired: number,
): Fenceposts {
  const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** *(deployment.Spec.Replicas), with the API default 1 when unset. */
export function deploymentReplicas(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

/** *(rs.Spec.Replicas), with the API default 1 when unset. */
export function rsReplicas(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

/** deploymentutil.IsRollingUpdate; an unset strategy type is the API default RollingUpdate. */
export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * deploymentutil.MaxUnavailable: the resolved maxUnavailable capped at spec.replicas; 0 for
 * Recreate and for 0 replicas. Example: replicas 5, maxUnavailable 10 → 5; replicas 10, "50%" → 5.
 */
export function maxUnavailable(d: Deployment): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return unavailable > replicas ? replicas : unavailable;
}

/**
 * deploymentutil.MinAvailable = spec.replicas − MaxUnavailable; 0 for Recreate.
 * Example: replicas 10, maxUnavailable "60%" → 10 − 6 = 4.
 */
export function minAvailable(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return deploymentReplicas(d) - maxUnavailable(d);
}

/**
 * deploymentutil.MaxSurge: the resolved maxSurge (rounded up); 0 for Recreate.
 * Example: replicas 10, maxSurge "25%" → ceil(2.5) = 3.
 */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, deploymentReplicas(d)).surge;
}

/** deploymentutil.GetReplicaCountForReplicaSets: Σ spec.replicas. Example: [3, 2] → 5. */
export function replicaCountForReplicaSets(rss: readonly (ReplicaSet | null | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsReplicas(rs);
  return n;
}

/** deploymentutil.GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function actualReplicaCountForReplicaSets(rss: readonly (ReplicaSet | null | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status.replicas;
  return n;
}

/** deploymentutil.GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export function availableReplicaCountForReplicaSets(rss: readonly (ReplicaSet | null | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status.availableReplicas;
  return n;
}

/**
 * deploymentutil.NewRSNewReplicas: the size the new ReplicaSet may grow to in one step.
 * RollingUpdate: maxTotal = replicas + maxSurge (maxSurge resolved directly, rounding up, without
 * the both-zero rule; nil throws); if Σ spec.replicas of allRSs ≥ maxTotal the new RS keeps its
 * size, else it grows by min(maxTotal − Σ, replicas − newRS). Recreate: spec.replicas.
 * Example: replicas 10, maxSurge 2, allRSs [old 5, new 0] → 0 + min(12 − 5, 10 − 0) = 7.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = deploymentReplicas(d);
  if (isRollingUpdate(d)) {
    const surge = getScaledValueFromIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge, replicas, true);
    const current = replicaCountForReplicaSets(allRSs);
    const maxTotalPods = replicas + surge;
    const newSize = rsReplicas(newRS);
    if (current >= maxTotalPods) return newSize;
    const scaleUpCount = Math.min(maxTotalPods - current, replicas - newSize);
    return newSize + scaleUpCount;
  }
  return replicas;
}

/**
 * getNonNegativeInt32FromAnnotation: the annotation as a non-negative int32, or undefined when it
 * is missing, not an integer, negative or beyond int32.
 */
export function nonNegativeInt32Annotation(rs: ReplicaSet, key: string): number | undefined {
  const raw = rs.metadata.annotations?.[key];
  if (raw === undefined) return undefined;
  const n = parseGoInt(raw);
  if (n === undefined || n < 0 || n > MAX_INT32) return undefined;
  return n;
}

/** Go's math.Round as used by integer.RoundToInt32: halves round away from zero. */
function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction (deployment_util.go): how many replicas to add (negative: remove) to `rs`
 * in a proportional scaling event. If spec.replicas is 0 the whole RS goes (−rs.spec.replicas).
 * Else round(rs.spec.replicas × (spec.replicas + MaxSurge) / annotatedMax) − rs.spec.replicas,
 * where annotatedMax is the max-replicas annotation, falling back to d.status.replicas when the
 * annotation is missing, invalid or 0; the fraction is 0 when that fallback is 0 too.
 * Example: d 120 (surge 10), rs 50 annotated 110 → round(50 × 130 / 110) − 50 = 59 − 50 = 9.
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const size = rsReplicas(rs);
  const replicas = deploymentReplicas(d);
  if (replicas === 0) return -size;
  const allowed = replicas + maxSurge(d);
  let annotated = nonNegativeInt32Annotation(rs, MAX_REPLICAS_ANNOTATION);
  if (annotated === undefined || annotated === 0) annotated = d.status.replicas;
  if (annotated === 0) return 0;
  return roundHalfAwayFromZero((size * allowed) / annotated) - size;
}

/**
 * deploymentutil.GetProportion: getReplicaSetFraction clamped to what is left to distribute
 * (min when adding, max when removing); 0 for an empty RS or when nothing is left.
 * Example: toAdd 1, added 0, fraction 1 → 1; toAdd 1, added 1 → 0.
 */
export function getProportion(
  rs: ReplicaSet | null | undefined,
  d: Deployment,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (!rs || rsReplicas(rs) === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) {
    return 0;
  }
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** controller.ReplicaSetsByCreationTimestamp: older first, ties by name. */
export function compareByCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? 0;
  const tb = b.metadata.creationTimestamp ?? 0;
  if (ta !== tb) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** controller.ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
function compareBySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : compareByCreation(b, a);
}

/** controller.ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
function compareBySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  const d = rsReplicas(b) - rsReplicas(a);
  return d !== 0 ? d : compareByCreation(a, b);
}

/** controller.FilterActiveReplicaSets: the non-nil RSs with spec.replicas > 0, in input order. */
export function filterActiveReplicaSets(rss: readonly (ReplicaSet | null | undefined)[]): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const rs of rss) if (rs && rsReplicas(rs) > 0) out.push(rs);
  return out;
}

/**
 * deploymentutil.FindActiveOrLatest: the only active RS; when none is active, the new RS or else
 * the newest old RS; undefined when several are active (or there is no RS at all).
 */
export function findActiveOrLatest(newRS: ReplicaSet | null | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const active = filterActiveReplicaSets(newRS ? [...newestFirst, newRS] : newestFirst);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/**
 * deploymentutil.IsSaturated: the RS runs the whole Deployment: desired-replicas annotation,
 * spec.replicas and status.availableReplicas all equal deployment spec.replicas.
 */
export function isSaturated(d: Deployment, rs: ReplicaSet | null | undefined): boolean {
  if (!rs) return false;
  const raw = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  const desired = raw === undefined ? undefined : parseGoInt(raw);
  if (desired === undefined) return false;
  const replicas = deploymentReplicas(d);
  return rsReplicas(rs) === replicas && desired === replicas && rs.status.availableReplicas === replicas;
}

/**
 * The replica annotations SetReplicasAnnotations writes on every RS of a Deployment:
 * desired-replicas = spec.replicas, max-replicas = spec.replicas + MaxSurge.
 * Example: replicas 10, maxSurge "25%" → {desired: 10, max: 13}.
 */
export function replicasAnnotationValues(d: Deployment): { desired: number; max: number } {
  const desired = deploymentReplicas(d);
  return { desired, max: desired + maxSurge(d) };
}

/**
 * DeploymentController.isScalingEvent (sync.go) without the store: some active RS carries a
 * desired-replicas annotation different from spec.replicas (a missing annotation does not count).
 */
export function isScalingEvent(d: Deployment, allRSs: readonly ReplicaSet[]): boolean {
  const replicas = deploymentReplicas(d);
  for (const rs of filterActiveReplicaSets(allRSs)) {
    const desired = nonNegativeInt32Annotation(rs, DESIRED_REPLICAS_ANNOTATION);
    if (desired !== undefined && desired !== replicas) return true;
  }
  return false;
}

/** One decided size: set `rs.spec.replicas` to `replicas` (and refresh its replica annotations). */
export interface ReplicaSetScaling {
  readonly rs: ReplicaSet;
  readonly replicas: number;
}

/**
 * DeploymentController.scale (sync.go): the sizes after a resize of the Deployment mid-rollout,
 * as the list of writes upstream issues, in its order.
 * 1. One active RS (or none: the new RS, else the newest old one) takes spec.replicas
 *    (no write if it already has it).
 * 2. A saturated new RS: every active old RS goes to 0.
 * 3. RollingUpdate: allowed = replicas + MaxSurge (0 if replicas is 0); toAdd = allowed − Σ active;
 *    active RSs ordered by size (ties newer first when adding, older first when removing) each get
 *    GetProportion; the leftover goes to the first RS, never below 0. Every active RS is listed
 *    (upstream's scaleReplicaSet also rewrites annotations when the size is unchanged).
 * Recreate with several active RSs: no writes.
 * Example: 5 → 10, new 2 / old 3 annotated 5 → new round(2×10/5)=4, old round(3×10/5)=6.
 */
export function scale(d: Deployment, newRS: ReplicaSet | null | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSetScaling[] {
  const replicas = deploymentReplicas(d);
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    return rsReplicas(activeOrLatest) === replicas ? [] : [{ rs: activeOrLatest, replicas }];
  }
  if (isSaturated(d, newRS)) {
    return filterActiveReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
  }
  if (!isRollingUpdate(d)) return [];

  const allRSs = filterActiveReplicaSets(newRS ? [...oldRSs, newRS] : oldRSs);
  const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCountForReplicaSets(allRSs);
  if (toAdd > 0) allRSs.sort(compareBySizeNewer);
  else if (toAdd < 0) allRSs.sort(compareBySizeOlder);

  const sizes: number[] = new Array(allRSs.length);
  let added = 0;
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i];
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      sizes[i] = rsReplicas(rs) + proportion;
      added += proportion;
    } else {
      sizes[i] = rsReplicas(rs);
    }
  }
  if (allRSs.length > 0 && toAdd !== 0) {
    sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  }
  return allRSs.map((rs, i) => ({ rs, replicas: sizes[i] }));
}

/**
 * deploymentutil.DeploymentComplete: updated, total and available replicas all equal spec.replicas
 * and the status has observed the current generation.
 * Example: replicas 5, status {5, updated 5, available 4} → false.
 */
export function deploymentComplete(d: Deployment, newStatus: DeploymentStatus): boolean {
  const replicas = deploymentReplicas(d);
  return (
    newStatus.updatedReplicas === replicas &&
    newStatus.replicas === replicas &&
    newStatus.availableReplicas === replicas &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * deploymentutil.DeploymentProgressing: compared with d.status, more updated replicas, fewer old
 * replicas (replicas − updated), more ready or more available replicas.
 * Example: old {10, updated 4}, new {8, updated 4} → old replicas 6 → 4: progressing.
 */
export function deploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status;
  const oldOld = old.replicas - old.updatedReplicas;
  const newOld = newStatus.replicas - newStatus.updatedReplicas;
  return (
    newStatus.updatedReplicas > old.updatedReplicas ||
    newOld < oldOld ||
    newStatus.readyReplicas > old.readyReplicas ||
    newStatus.availableReplicas > old.availableReplicas
  );
}

/** deploymentutil.GetDeploymentCondition. */
export function getDeploymentCondition(
  status: DeploymentStatus,
  type: DeploymentCondition['type'],
): DeploymentCondition | undefined {
  const conds = status.conditions;
  if (!conds) return undefined;
  for (const c of conds) if (c.type === type) return c;
  return undefined;
}

/** deploymentutil.HasProgressDeadline: set and not MaxInt32. */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== MAX_INT32;
}

/**
 * deploymentutil.DeploymentTimedOut: with a progress deadline and a Progressing condition in
 * newStatus: reason NewReplicaSetAvailable → false, ProgressDeadlineExceeded → true, otherwise
 * lastUpdateTime + progressDeadlineSeconds strictly before `now` (virtual time, µs).
 * Example: deadline 10s, lastUpdate 69s, now 80s → 79s < 80s: timed out; lastUpdate 71s → not.
 */
export function deploymentTimedOut(d: Deployment, newStatus: DeploymentStatus, now: Time): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(newStatus, 'Progressing');
  if (!cond) return false;
  if (cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  const from = cond.lastUpdateTime ?? 0;
  return from + (d.spec.progressDeadlineSeconds as number) * SECOND < now;
}

/**
 * deploymentutil.Revision: the revision annotation as an integer; 0 when absent; undefined when it
 * does not parse (upstream's error).
 */
export function revisionOf(rs: ReplicaSet): number | undefined {
  const raw = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (raw === undefined) return 0;
  return parseGoInt(raw);
}

/**
 * deploymentutil.MaxRevision: the highest parseable revision, 0 if none (unparseable ones skipped).
 * Example: revisions ["1", "3", "x"] → 3.
 */
export function maxRevision(rsList: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rsList) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/**
 * deploymentutil.ReplicaSetsByRevision: lower revision first; equal or unparseable revisions fall
 * back to creation order (then name).
 */
export function compareByRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return compareByCreation(a, b);
  return ra - rb;
}

/** deploymentutil.HasRevisionHistoryLimit: set and not MaxInt32. */
export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== MAX_INT32;
}

/**
 * DeploymentController.cleanupDeployment (sync.go): the old ReplicaSets to delete, in upstream's
 * order. Among old RSs without a deletionTimestamp, diff = count − revisionHistoryLimit; the first
 * `diff` by revision are deleted unless they still have spec or status replicas, or their status
 * has not observed their generation (such RSs are skipped, not replaced by later ones).
 * Example: 3 empty RSs, limit 1 → the two lowest revisions; limit MaxInt32 or unset → none.
 */
export function cleanupDeployment(oldRSs: readonly ReplicaSet[], d: Deployment): ReplicaSet[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const cleanable = oldRSs.filter((rs) => rs && rs.metadata.deletionTimestamp === undefined);
  const diff = cleanable.length - (d.spec.revisionHistoryLimit as number);
  if (diff <= 0) return [];
  cleanable.sort(compareByRevision);
  const out: ReplicaSet[] = [];
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (
      rs.status.replicas !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status.observedGeneration ?? 0)
    ) {
      continue;
    }
    out.push(rs);
  }
  return out;
}

/**
 * deploymentutil.EqualIgnoreHash: two pod templates are equal ignoring the pod-template-hash
 * label: the label is removed from both, then the templates are compared semantically as
 * apimachinery's equality.Semantic.DeepEqual (an unset field, null, an empty list and an empty map
 * are the same; a label with value "" differs from a missing one).
 * Example: {labels {a:1, pod-template-hash:x}} vs {labels {a:1, pod-template-hash:y}} → true.
 */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  const la = a.metadata?.labels ?? {};
  const lb = b.metadata?.labels ?? {};
  for (const k of new Set([...Object.keys(la), ...Object.keys(lb)])) {
    if (k !== POD_TEMPLATE_HASH_LABEL && la[k] !== lb[k]) return false;
  }
  const ma = a.metadata ? { ...a.metadata, labels: undefined } : undefined;
  const mb = b.metadata ? { ...b.metadata, labels: undefined } : undefined;
  return semanticEqual(ma, mb) && semanticEqual(a.spec, b.spec);
}

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') {
    for (const k in v as Record<string, unknown>) if (!isEmptyValue((v as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}

function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const oa = a as Record<string, unknown>;
  const ob = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(oa), ...Object.keys(ob)]);
  for (const k of keys) if (!semanticEqual(oa[k], ob[k])) return false;
  return true;
}
