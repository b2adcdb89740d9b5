import { Time, SECOND } from '../engine/time';

/**
 * One node's image manager: the image cache (image → instant it is present) and the pull slots.
 * As the kubelet's image service: serializeImagePulls true (default) pulls one image at a time;
 * false pulls in parallel up to maxParallelImagePulls (unset: unlimited). A pull takes
 * size / bandwidth; parallel pulls each get the node's full bandwidth (the registry, not the
 * node link, is taken as the bottleneck). An image present or already being pulled is not pulled
 * again (the kubelet's per-image pull de-duplication).
 */
export class ImagePuller {
  readonly images = new Map<string, Time>();
  /** Instant each pull slot is free; empty when unlimited. */
  private readonly slots: Time[];

  constructor(
    readonly bandwidth: number,
    parallel: number,
  ) {
    this.slots = parallel > 0 ? new Array<Time>(parallel).fill(0) : [];
  }

  /** The instant `image` is present when pulled now if needed; `pulled` tells whether a pull was started. */
  ensure(image: string, size: number, policy: string, now: Time): { readyAt: Time; pulled: boolean } {
    const present = this.images.get(image);
    if (present !== undefined && policy !== 'Always') return { readyAt: present > now ? present : now, pulled: false };
    if (present !== undefined) return { readyAt: present > now ? present : now, pulled: true };
    let start = now;
    let slot = -1;
    for (let i = 0; i < this.slots.length; i++) {
      if (slot < 0 || this.slots[i] < this.slots[slot]) slot = i;
    }
    if (slot >= 0 && this.slots[slot] > start) start = this.slots[slot];
    const done = start + Math.round((size / this.bandwidth) * SECOND);
    if (slot >= 0) this.slots[slot] = done;
    this.images.set(image, done);
    return { readyAt: done, pulled: true };
  }

  has(image: string, now: Time): boolean {
    const t = this.images.get(image);
    return t !== undefined && t <= now;
  }
}

/** The kubelet's default policy when a container sets none: Always for ":latest" or untagged images, else IfNotPresent. */
export function pullPolicyOf(image: string, policy: string | undefined): string {
  if (policy) return policy;
  const at = image.indexOf('@');
  if (at >= 0) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}
