import { IntOrString, KubeObject, LabelSelector, ObjectMeta } from './meta';
import { PodTemplateSpec } from './workloads';

/** A volumeClaimTemplates[] entry: kubesim reads only its name (the claim is "<name>-<set>-<ordinal>"). */
export interface PersistentVolumeClaimTemplate {
  metadata: Partial<ObjectMeta> & { name: string };
  spec?: unknown;
}

export interface RollingUpdateStatefulSetStrategy {
  partition?: number;
  maxUnavailable?: IntOrString;
}
export interface StatefulSetUpdateStrategy {
  type?: 'RollingUpdate' | 'OnDelete';
  rollingUpdate?: RollingUpdateStatefulSetStrategy;
}
export interface StatefulSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: StatefulSetUpdateStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
  ordinals?: { start?: number };
}
export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision?: string;
  updateRevision?: string;
}
export interface StatefulSet extends KubeObject {
  kind: 'StatefulSet';
  spec: StatefulSetSpec;
  status: StatefulSetStatus;
}

/**
 * A PersistentVolumeClaim as the StatefulSet controller creates it from a claim template. kubesim
 * models only identity and placement: the zone its volume lives in once bound (zonal storage).
 */
export interface PersistentVolumeClaim extends KubeObject {
  kind: 'PersistentVolumeClaim';
  spec: { storageClassName?: string };
  status: { phase: 'Pending' | 'Bound'; zone?: string };
}

/** Label the StatefulSet controller puts on its pods (apps/v1 StatefulSetPodNameLabel). */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Label holding the pod's ordinal (apps/v1 PodIndexLabel). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Label naming the revision a pod was made from (apps/v1 ControllerRevisionHashLabelKey). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
