import { resourceAmount } from '../api/quantity';
import { Container, Pod } from '../api/pod';
import { AppModel } from '../scenario/scenario';

/** A pod's resource usage: cpu in millicores, memory in bytes. */
export interface Usage {
  cpu: number;
  memory: number;
}

/** A pod's summed container limits; Infinity where a container sets none. */
export interface Limits {
  cpu: number;
  memory: number;
}

/**
 * The application model's usage for a pod serving `rate` requests per second:
 * cpu = baseCpu + cpuPerRequest·rate, memory = baseMemory + memoryPerRequest·rate, each times
 * `factor` (1 + noise draw, never below 0). Example: baseCpu 50m, cpuPerRequest 4m, 25 rps →
 * 150m.
 */
export function usageFor(app: AppModel, rate: number, factor: number, out: Usage): Usage {
  const f = factor > 0 ? factor : 0;
  out.cpu = ((app.baseCpu ?? 0) + (app.cpuPerRequest ?? 0) * rate) * f;
  out.memory = ((app.baseMemory ?? 0) + (app.memoryPerRequest ?? 0) * rate) * f;
  return out;
}

const limitsCache = new WeakMap<readonly Container[], Limits>();
const requestCache = new WeakMap<readonly Container[], Usage>();

/** Sum of the containers' limits (pods share their template's containers array, so this is cached per array). */
export function podLimits(pod: Pod): Limits {
  const cs = pod.spec.containers;
  let l = limitsCache.get(cs);
  if (l === undefined) {
    l = { cpu: 0, memory: 0 };
    for (const c of cs) {
      const lim = c.resources?.limits;
      l.cpu += lim?.cpu !== undefined ? resourceAmount('cpu', lim.cpu) : Infinity;
      l.memory += lim?.memory !== undefined ? resourceAmount('memory', lim.memory) : Infinity;
    }
    limitsCache.set(cs, l);
  }
  return l;
}

/** Sum of the containers' requests (NaN for a resource some container does not request). */
export function podResourceRequests(pod: Pod): Usage {
  const cs = pod.spec.containers;
  let r = requestCache.get(cs);
  if (r === undefined) {
    r = { cpu: 0, memory: 0 };
    for (const c of cs) {
      const req = c.resources?.requests;
      r.cpu += req?.cpu !== undefined ? resourceAmount('cpu', req.cpu) : NaN;
      r.memory += req?.memory !== undefined ? resourceAmount('memory', req.memory) : NaN;
    }
    requestCache.set(cs, r);
  }
  return r;
}

/**
 * Whether the app model's overload behaviour fires: `oomKill` when memory use exceeds the memory
 * limit (the kernel's OOM killer; cpu above its limit is only throttled); `failReadiness` when
 * cpu or memory use exceeds its limit (the app stops answering its readiness probe in time).
 */
export function isOverloaded(app: AppModel, usage: Usage, limits: Limits): boolean {
  if (app.overload === 'oomKill') return usage.memory > limits.memory;
  if (app.overload === 'failReadiness') return usage.cpu > limits.cpu || usage.memory > limits.memory;
  return false;
}
