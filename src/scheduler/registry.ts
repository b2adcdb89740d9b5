import { Plugin } from './framework';
import { newImageLocality, IMAGE_LOCALITY } from './plugins/image-locality';
import { newInterPodAffinity, INTER_POD_AFFINITY } from './plugins/inter-pod-affinity';
import { newNodeAffinity, NODE_AFFINITY } from './plugins/node-affinity';
import { newNodeName, NODE_NAME } from './plugins/node-name';
import { newNodeResourcesBalancedAllocation, NODE_RESOURCES_BALANCED_ALLOCATION } from './plugins/node-resources-balanced-allocation';
import { newNodeResourcesFit, NODE_RESOURCES_FIT } from './plugins/node-resources-fit';
import { newNodeUnschedulable, NODE_UNSCHEDULABLE } from './plugins/node-unschedulable';
import { newPodTopologySpread, POD_TOPOLOGY_SPREAD } from './plugins/pod-topology-spread';
import { newTaintToleration, TAINT_TOLERATION } from './plugins/taint-toleration';

/** A plugin factory: builds one plugin instance from its (optional) args. */
export type PluginFactory = (args?: any) => Plugin;

/** Every in-tree plugin the simulator knows, by its upstream name (the plugin registry). */
export const REGISTRY: Readonly<Record<string, PluginFactory>> = {
  [NODE_UNSCHEDULABLE]: newNodeUnschedulable,
  [NODE_NAME]: newNodeName,
  [TAINT_TOLERATION]: newTaintToleration,
  [NODE_AFFINITY]: newNodeAffinity,
  [NODE_RESOURCES_FIT]: newNodeResourcesFit,
  [POD_TOPOLOGY_SPREAD]: newPodTopologySpread,
  [INTER_POD_AFFINITY]: newInterPodAffinity,
  [NODE_RESOURCES_BALANCED_ALLOCATION]: newNodeResourcesBalancedAllocation,
  [IMAGE_LOCALITY]: newImageLocality,
};

export interface PluginSpec {
  name: string;
  /** Score weight; only meaningful for score plugins (0 or unset → 1). */
  weight?: number;
}

/**
 * The default profile's plugins in upstream order with their score weights (config/v1
 * getDefaultPlugins, MultiPoint). The volume and port plugins of upstream are not modelled.
 */
export const DEFAULT_PLUGINS: readonly PluginSpec[] = [
  { name: NODE_UNSCHEDULABLE },
  { name: NODE_NAME },
  { name: TAINT_TOLERATION, weight: 3 },
  { name: NODE_AFFINITY, weight: 2 },
  { name: NODE_RESOURCES_FIT, weight: 1 },
  { name: POD_TOPOLOGY_SPREAD, weight: 2 },
  { name: INTER_POD_AFFINITY, weight: 2 },
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
  { name: IMAGE_LOCALITY, weight: 1 },
];
