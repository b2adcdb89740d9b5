import { Time } from '../engine/time';
import { Pod } from '../api/pod';

/**
 * Sets the pod's PodScheduled condition as the scheduler writes it (podutil.UpdatePodCondition):
 * lastTransitionTime moves only when the status changes; reason and message are replaced.
 * Returns whether anything a reader could see changed (status, reason or message).
 */
export function setPodScheduled(pod: Pod, status: 'True' | 'False', now: Time, reason: string | undefined, message: string | undefined): boolean {
  const cs = (pod.status.conditions ??= []);
  let c = cs.find((x) => x.type === 'PodScheduled');
  if (c === undefined) {
    c = { type: 'PodScheduled', status, lastTransitionTime: now };
    cs.push(c);
  } else if (c.status === status && c.reason === reason && c.message === message) {
    return false;
  } else if (c.status !== status) {
    c.status = status;
    c.lastTransitionTime = now;
  }
  if (reason === undefined) delete c.reason;
  else c.reason = reason;
  if (message === undefined) delete c.message;
  else c.message = message;
  return true;
}
