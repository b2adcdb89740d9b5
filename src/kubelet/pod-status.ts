import { Time } from '../engine/time';
import { Pod, PodCondition } from '../api/pod';

/**
 * Sets a pod condition's status, stamping lastTransitionTime only when the status changes
 * (as the kubelet's status manager and podutil.UpdatePodCondition do). Returns whether it changed.
 */
export function setCondition(pod: Pod, type: string, status: 'True' | 'False', now: Time, reason?: string): boolean {
  const cs = (pod.status.conditions ??= []);
  for (const c of cs) {
    if (c.type === type) {
      if (c.status === status) return false;
      c.status = status;
      c.lastTransitionTime = now;
      if (reason !== undefined) c.reason = reason;
      else if (c.reason !== undefined) delete c.reason;
      return true;
    }
  }
  const c: PodCondition = { type, status, lastTransitionTime: now };
  if (reason !== undefined) c.reason = reason;
  cs.push(c);
  return true;
}

/** Condition reasons as the kubelet writes them (pkg/kubelet/status/generate.go). */
export const REASON_CONTAINERS_NOT_READY = 'ContainersNotReady';
export const REASON_POD_COMPLETED = 'PodCompleted';
export const REASON_CONTAINERS_NOT_INITIALIZED = 'ContainersNotInitialized';
