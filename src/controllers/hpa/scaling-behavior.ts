import { Time, SECOND } from '../../engine/time';
import {
  HPA_DOWNSCALE_STABILIZATION_WINDOW,
  HPA_SCALE_DOWN_POLICIES,
  HPA_SCALE_UP_POLICIES,
  HPA_SCALE_UP_STABILIZATION_WINDOW,
  HPA_SELECT_POLICY,
  HpaScalingPolicy,
} from '../../api/defaults';
import { HorizontalPodAutoscalerBehavior, HPAScalingRules } from '../../api/hpa';

/**
 * The HPA's `behavior` rules, as pkg/controller/podautoscaler/horizontal.go
 * (normalizeDesiredReplicasWithBehaviors → stabilizeRecommendationWithBehaviors and
 * convertDesiredReplicasWithBehaviorRate, calculateScaleUpLimitWithScalingRules,
 * calculateScaleDownLimitWithBehaviors, getReplicasChangePerPeriod, storeScaleEvent). Pure over
 * the per-HPA history records passed in; `now` is given.
 *
 * Worked example (kubernetes.io HPA docs, "Scaling policies"): scale-down policies
 * [{Pods 4 / 60s}, {Percent 10 / 60s}] with selectPolicy Max at 80 replicas allow
 * max(80−4, 80×0.9=72) → down to 72 in the first minute.
 */

/** Resolved scaling rules for one direction (defaults filled in). */
export interface ScalingRules {
  stabilizationWindow: Time;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: readonly HpaScalingPolicy[];
}

export interface ResolvedBehavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** One recommendation of the replica calculation (timestampedRecommendation). */
export interface Recommendation {
  replicas: number;
  at: Time;
}

/** One scale event (timestampedScaleEvent): replicaChange is positive in its direction. */
export interface ScaleEvent {
  change: number;
  at: Time;
  outdated: boolean;
}

/** Per-HPA memory of the controller: recommendations and scale events up and down. */
export interface BehaviorHistory {
  recommendations: Recommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
}

export function newHistory(): BehaviorHistory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/**
 * SetDefaults_HorizontalPodAutoscalerBehavior (autoscaling/v2): missing rules get the defaults;
 * scale-down's stabilization window defaults to the controller's
 * --horizontal-pod-autoscaler-downscale-stabilization (maybeInitScaleDownStabilizationWindow).
 */
export function resolveBehavior(b: HorizontalPodAutoscalerBehavior | undefined, downscaleWindow: Time = HPA_DOWNSCALE_STABILIZATION_WINDOW): ResolvedBehavior {
  return {
    scaleUp: resolveRules(b?.scaleUp, HPA_SCALE_UP_STABILIZATION_WINDOW, HPA_SCALE_UP_POLICIES),
    scaleDown: resolveRules(b?.scaleDown, downscaleWindow, HPA_SCALE_DOWN_POLICIES),
  };
}

function resolveRules(r: HPAScalingRules | undefined, window: Time, policies: readonly HpaScalingPolicy[]): ScalingRules {
  return {
    stabilizationWindow: r?.stabilizationWindowSeconds !== undefined ? r.stabilizationWindowSeconds * SECOND : window,
    selectPolicy: r?.selectPolicy ?? HPA_SELECT_POLICY,
    policies: r?.policies && r.policies.length > 0 ? r.policies : policies,
  };
}

/**
 * stabilizeRecommendationWithBehaviors: the result is the current count moved no further than
 * the lowest recommendation of the scale-up window (upward) and the highest recommendation of
 * the scale-down window (downward), both windows including `desired` itself. The raw `desired`
 * is recorded, reusing a slot older than both windows.
 */
export function stabilize(h: BehaviorHistory, b: ResolvedBehavior, current: number, desired: number, now: Time): number {
  const upCutoff = now - b.scaleUp.stabilizationWindow;
  const downCutoff = now - b.scaleDown.stabilizationWindow;
  let up = desired;
  let down = desired;
  let oldIndex = -1;
  const recs = h.recommendations;
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i];
    if (r.at > upCutoff && r.replicas < up) up = r.replicas;
    if (r.at > downCutoff && r.replicas > down) down = r.replicas;
    if (r.at < upCutoff && r.at < downCutoff) oldIndex = i;
  }
  let rec = current;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  if (oldIndex >= 0) recs[oldIndex] = { replicas: desired, at: now };
  else recs.push({ replicas: desired, at: now });
  return rec;
}

/** getReplicasChangePerPeriod: the replicas changed by events newer than now − period. */
export function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: Time): number {
  const cutoff = now - periodSeconds * SECOND;
  let n = 0;
  for (const e of events) if (e.at > cutoff) n += e.change;
  return n;
}

/**
 * calculateScaleUpLimitWithScalingRules: per policy, from the count at the start of its period
 * (current − added + removed within it), Pods adds `value`, Percent multiplies by (1 + value/100)
 * rounded up; Max picks the largest proposal, Min the smallest; Disabled keeps the current count.
 */
export function scaleUpLimit(current: number, h: BehaviorHistory, rules: ScalingRules, now: Time): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const added = changeInPeriod(p.periodSeconds, h.scaleUpEvents, now);
    const removed = changeInPeriod(p.periodSeconds, h.scaleDownEvents, now);
    const start = current - added + removed;
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * calculateScaleDownLimitWithBehaviors: per policy, from the count at the start of its period,
 * Pods removes `value`, Percent multiplies by (1 − value/100) truncated; Max (the default) allows
 * the largest change, i.e. the smallest result; Min the largest result; Disabled keeps the count.
 */
export function scaleDownLimit(current: number, h: BehaviorHistory, rules: ScalingRules, now: Time): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickLargest = rules.selectPolicy === 'Min';
  let result = pickLargest ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const added = changeInPeriod(p.periodSeconds, h.scaleUpEvents, now);
    const removed = changeInPeriod(p.periodSeconds, h.scaleDownEvents, now);
    const start = current - added + removed;
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickLargest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Why the final count differs from the stabilized recommendation (the ScalingLimited condition's reasons). */
export type LimitReason = 'DesiredWithinRange' | 'ScaleUpLimit' | 'TooManyReplicas' | 'ScaleDownLimit' | 'TooFewReplicas';

/**
 * normalizeDesiredReplicasWithBehaviors: stabilize, then bound by the rate limits and by
 * [minReplicas, maxReplicas] (convertDesiredReplicasWithBehaviorRate).
 */
export function normalizeWithBehavior(
  h: BehaviorHistory,
  b: ResolvedBehavior,
  current: number,
  desired: number,
  minReplicas: number,
  maxReplicas: number,
  now: Time,
): { replicas: number; reason: LimitReason; stabilized: number } {
  const stabilized = stabilize(h, b, current, desired, now);
  if (stabilized > current) {
    let limit = scaleUpLimit(current, h, b.scaleUp, now);
    if (limit < current) limit = current;
    let allowed = maxReplicas;
    let reason: LimitReason = 'TooManyReplicas';
    if (allowed > limit) {
      allowed = limit;
      reason = 'ScaleUpLimit';
    }
    if (stabilized > allowed) return { replicas: allowed, reason, stabilized };
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized };
  }
  if (stabilized < current) {
    let limit = scaleDownLimit(current, h, b.scaleDown, now);
    if (limit > current) limit = current;
    let allowed = minReplicas;
    let reason: LimitReason = 'TooFewReplicas';
    if (allowed < limit) {
      allowed = limit;
      reason = 'ScaleDownLimit';
    }
    if (stabilized < allowed) return { replicas: allowed, reason, stabilized };
    return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized };
  }
  return { replicas: stabilized, reason: 'DesiredWithinRange', stabilized };
}

/**
 * storeScaleEvent: records a rescale in its direction, reusing a slot outdated by the direction's
 * longest policy period (markScaleEventsOutdated).
 */
export function recordScaleEvent(h: BehaviorHistory, b: ResolvedBehavior, prev: number, next: number, now: Time): void {
  if (next === prev) return;
  const up = next > prev;
  const events = up ? h.scaleUpEvents : h.scaleDownEvents;
  const rules = up ? b.scaleUp : b.scaleDown;
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  const cutoff = now - longest * SECOND;
  let slot = -1;
  for (let i = 0; i < events.length; i++) {
    if (events[i].at <= cutoff) events[i].outdated = true;
    if (events[i].outdated && slot < 0) slot = i;
  }
  const e: ScaleEvent = { change: up ? next - prev : prev - next, at: now, outdated: false };
  if (slot >= 0) events[slot] = e;
  else events.push(e);
}
