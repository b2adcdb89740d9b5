import { Pod } from '../../api/pod';
import { CycleState, MAX_NODE_SCORE, PreScorePlugin, ScorePlugin, SKIP, Status } from '../framework';
import { NodeInfo, normalizedImageName } from '../node-info';
import { Snapshot } from '../snapshot';

/**
 * ImageLocality, as kube-scheduler's imagelocality plugin: favours nodes that already hold the
 * pod's images, each image's size scaled by the fraction of nodes holding it (to avoid herding),
 * clamped between 23MB and 1000MB per container and mapped linearly onto 0..100.
 * Requires indexImages() to have filled NodeInfo.imageStates.
 */
export const IMAGE_LOCALITY = 'ImageLocality';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;
const PRESCORE_KEY = 'PreScore' + IMAGE_LOCALITY;

/** calculatePriority: the clamped sum mapped onto 0..MAX_NODE_SCORE. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let s = sumScores;
  if (s < MIN_THRESHOLD) s = MIN_THRESHOLD;
  else if (s > maxThreshold) s = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

function podImages(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec.initContainers ?? []) out.push(normalizedImageName(c.image));
  for (const c of pod.spec.containers) out.push(normalizedImageName(c.image));
  return out;
}

/** sumImageScores: Σ size * numNodes / totalNumNodes (truncated per image) over the pod's images present on the node. */
export function sumImageScores(nodeInfo: NodeInfo, images: readonly string[], totalNumNodes: number): number {
  let sum = 0;
  for (const img of images) {
    const s = nodeInfo.imageStates.get(img);
    if (s !== undefined) sum += Math.trunc((s.size * s.numNodes) / totalNumNodes);
  }
  return sum;
}

interface ImageLocalityState {
  images: string[];
  totalNumNodes: number;
}

export class ImageLocality implements PreScorePlugin, ScorePlugin {
  readonly name = IMAGE_LOCALITY;
  /**
   * Skip when no node of the snapshot holds any of the pod's images: every node would score 0
   * (the clamped sum is below the 23MB threshold), which is what a skipped plugin contributes.
   */
  preScore(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], snapshot?: Snapshot): Status | null {
    const images = podImages(pod);
    if (snapshot !== undefined) {
      const present = snapshot.imageStates();
      let any = false;
      for (let i = 0; i < images.length && !any; i++) any = present.has(images[i]);
      if (!any) return SKIP;
    }
    state.write(PRESCORE_KEY, { images, totalNumNodes: allNodes.length } satisfies ImageLocalityState);
    return null;
  }
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number {
    const s = state.read<ImageLocalityState>(PRESCORE_KEY) ?? { images: podImages(pod), totalNumNodes: 1 };
    if (s.images.length === 0 || s.totalNumNodes === 0) return 0;
    return imageLocalityPriority(sumImageScores(nodeInfo, s.images, s.totalNumNodes), s.images.length);
  }
}

export function newImageLocality(): ImageLocality {
  return new ImageLocality();
}
