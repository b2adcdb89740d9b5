/**
 * Small random generators keyed by an integer, for processes that must draw the same numbers
 * whatever order the engine runs them in: each container run and each probe worker owns one, so
 * the tick-by-tick and skip-ahead probe modes (which interleave draws of different containers
 * differently) see identical sequences per container. The state is one 32-bit integer (no Map of
 * named streams per container, no allocation per draw).
 */

/** FNV-1a of a string, 32 bits. Used once per pod to key its containers (not on the event path). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit keys into one (murmur3's fmix32 over a combination). */
export function mixKeys(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A mulberry32 generator: `next()` is uniform on [0, 1). */
export class KeyedRandom {
  private state: number;

  constructor(key: number) {
    this.state = key >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** As a Uniform for engine/distribution's sample(). */
  readonly uniform = (): number => this.next();
}
