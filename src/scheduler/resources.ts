import { Container, Pod, ResourceList } from '../api/pod';
import { resourceAmount } from '../api/quantity';

/**
 * Resource totals as plain numbers, as kube-scheduler's framework.Resource: cpu in millicores,
 * every other resource as its integer value (bytes, counts). Scalar resources are the extended,
 * hugepages and prefixed native ones (schedutil.IsScalarResourceName); other names are ignored.
 */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Scalar resources by name; null while there are none (the common case). */
  scalar: Map<string, number> | null;
}

/** The requests of one pod, with the "non-zero" cpu/memory used by the fit scoring strategies. */
export interface PodRequests extends Resource {
  /** cpu with 100m counted for every container that sets no cpu request. */
  nonZeroMilliCPU: number;
  /** memory with 200Mi counted for every container that sets no memory request. */
  nonZeroMemory: number;
}

/** schedutil.DefaultMilliCPURequest and DefaultMemoryRequest. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: null };
}

/** schedutil.IsScalarResourceName: extended (domain-prefixed), kubernetes.io-prefixed, hugepages, attachable volumes. */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/** Builds a Resource from a ResourceList (node allocatable), as framework.NewResource. */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  for (const name of Object.keys(list)) addAmount(r, name, resourceAmount(name, list[name]), 1);
  return r;
}

/** The amount of a named resource in r (0 when absent). */
export function resourceValue(r: Resource, name: string): number {
  switch (name) {
    case CPU:
      return r.milliCPU;
    case MEMORY:
      return r.memory;
    case EPHEMERAL_STORAGE:
      return r.ephemeralStorage;
    case PODS:
      return r.allowedPodNumber;
    default:
      return r.scalar?.get(name) ?? 0;
  }
}

function addAmount(r: Resource, name: string, v: number, sign: number): void {
  switch (name) {
    case CPU:
      r.milliCPU += sign * v;
      return;
    case MEMORY:
      r.memory += sign * v;
      return;
    case EPHEMERAL_STORAGE:
      r.ephemeralStorage += sign * v;
      return;
    case PODS:
      r.allowedPodNumber += sign * v;
      return;
    default:
      if (!isScalarResourceName(name)) return;
      if (r.scalar === null) r.scalar = new Map();
      r.scalar.set(name, (r.scalar.get(name) ?? 0) + sign * v);
  }
}

/** Adds (sign 1) or subtracts (sign -1) `b` into `a`, scalars included. */
export function addResource(a: Resource, b: Resource, sign: number): void {
  a.milliCPU += sign * b.milliCPU;
  a.memory += sign * b.memory;
  a.ephemeralStorage += sign * b.ephemeralStorage;
  a.allowedPodNumber += sign * b.allowedPodNumber;
  if (b.scalar !== null) {
    if (a.scalar === null) a.scalar = new Map();
    for (const [k, v] of b.scalar) a.scalar.set(k, (a.scalar.get(k) ?? 0) + sign * v);
  }
}

/** The requests of one container; `nonZero` applies the scheduler's defaults for missing cpu/memory. */
function containerRequests(c: Container, nonZero: boolean): Resource {
  const r = emptyResource();
  const req = c.resources?.requests;
  if (req) for (const name of Object.keys(req)) addAmount(r, name, resourceAmount(name, req[name]), 1);
  if (nonZero) {
    if (!req || req[CPU] === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!req || req[MEMORY] === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

function maxInto(a: Resource, b: Resource): void {
  if (b.milliCPU > a.milliCPU) a.milliCPU = b.milliCPU;
  if (b.memory > a.memory) a.memory = b.memory;
  if (b.ephemeralStorage > a.ephemeralStorage) a.ephemeralStorage = b.ephemeralStorage;
  if (b.scalar !== null) {
    if (a.scalar === null) a.scalar = new Map();
    for (const [k, v] of b.scalar) if (v > (a.scalar.get(k) ?? 0)) a.scalar.set(k, v);
  }
}

function copyResource(r: Resource): Resource {
  return { ...r, scalar: r.scalar === null ? null : new Map(r.scalar) };
}

/**
 * resource.PodRequests (component-helpers): max(sum(containers) + sum(sidecars), the peak of the
 * init phase), plus pod overhead. The init phase peak is, for each init container in order, its
 * request plus the sidecars (restartPolicy Always) started before it; a sidecar's own step counts
 * the sidecars up to and including itself. Example: containers 1 cpu, init containers 3 and 2 cpu
 * → max(1, 3, 2) = 3 cpu.
 */
export function computePodRequests(pod: Pod, nonZero: boolean): Resource {
  const reqs = emptyResource();
  for (const c of pod.spec.containers) addResource(reqs, containerRequests(c, nonZero), 1);
  const inits = pod.spec.initContainers;
  if (inits && inits.length > 0) {
    const sidecars = emptyResource();
    const initPeak = emptyResource();
    for (const c of inits) {
      const cr = containerRequests(c, nonZero);
      let step: Resource;
      if (c.restartPolicy === 'Always') {
        addResource(reqs, cr, 1);
        addResource(sidecars, cr, 1);
        step = sidecars;
      } else {
        step = copyResource(cr);
        addResource(step, sidecars, 1);
      }
      maxInto(initPeak, step);
    }
    maxInto(reqs, initPeak);
  }
  const overhead = pod.spec.overhead;
  if (overhead) for (const name of Object.keys(overhead)) addAmount(reqs, name, resourceAmount(name, overhead[name]), 1);
  reqs.allowedPodNumber = 0;
  return reqs;
}

const requestsCache = new WeakMap<Pod, PodRequests>();

/**
 * Whether every container and init container requests both cpu and memory: then the non-zero
 * defaults never apply and the non-zero cpu/memory equal the actual requests.
 */
function setsCpuAndMemory(pod: Pod): boolean {
  for (const c of pod.spec.containers) if (!setsBoth(c)) return false;
  for (const c of pod.spec.initContainers ?? []) if (!setsBoth(c)) return false;
  return true;
}

function setsBoth(c: Container): boolean {
  const req = c.resources?.requests;
  return !!req && req[CPU] !== undefined && req[MEMORY] !== undefined;
}

/**
 * The pod's requests (actual, as the Filter uses them) and its non-zero cpu/memory (as the
 * scoring strategies use them), computed once per pod object. Pods are treated as immutable in
 * their resources: a resized pod must be a new object.
 */
export function podRequests(pod: Pod): PodRequests {
  if (pod === lastPod) return lastRequests!;
  let r = requestsCache.get(pod);
  if (r === undefined) {
    const actual = computePodRequests(pod, false);
    const nonZero = setsCpuAndMemory(pod) ? actual : computePodRequests(pod, true);
    r = { ...actual, nonZeroMilliCPU: nonZero.milliCPU, nonZeroMemory: nonZero.memory };
    requestsCache.set(pod, r);
  }
  lastPod = pod;
  lastRequests = r;
  return r;
}

/**
 * The last pod looked up and its entry of requestsCache: a scheduling cycle asks for one pod's
 * requests several times (PreFilter, PreScore of two plugins, assume), each a WeakMap probe.
 */
let lastPod: Pod | null = null;
let lastRequests: PodRequests | null = null;
