import { PodTemplateSpec } from '../../api/workloads';

/** Alphabet of apimachinery's rand.SafeEncodeString (no vowels, no confusable characters). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

const cache = new WeakMap<PodTemplateSpec, string>();

/**
 * The pod-template-hash as upstream's controller.ComputeHash: an FNV-1a 32-bit hash of the
 * template (plus collisionCount when set), printed in decimal and passed through SafeEncodeString
 * (each character c becomes ALPHANUMS[c mod 27]). Upstream hashes the Go object dump; kubesim
 * hashes the JSON form, so values differ from a real cluster's but have the same properties:
 * equal templates, equal hash. Example: a hash of 3046218130 prints "3046218130" → "7bd42...".
 * Cached per template object (templates are replaced, never mutated, by kubesim's writers).
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  if (collisionCount === undefined) {
    const hit = cache.get(template);
    if (hit !== undefined) return hit;
  }
  let h = 0x811c9dc5;
  const text = JSON.stringify(template) + (collisionCount !== undefined ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const decimal = String(h >>> 0);
  let out = '';
  for (let i = 0; i < decimal.length; i++) out += ALPHANUMS[decimal.charCodeAt(i) % ALPHANUMS.length];
  if (collisionCount === undefined) cache.set(template, out);
  return out;
}
