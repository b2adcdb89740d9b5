import { Time } from '../engine/time';

/** A Kubernetes OwnerReference (metadata.ownerReferences[]). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/**
 * ObjectMeta with Kubernetes field names. Timestamps are virtual time (µs), not RFC 3339 strings:
 * the store sets creationTimestamp, uid and resourceVersion when an object is created.
 */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  resourceVersion?: number;
  generation?: number;
  creationTimestamp?: Time;
  deletionTimestamp?: Time;
  deletionGracePeriodSeconds?: number;
}

/** Every stored object: apiVersion, kind, metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

/** The key the store uses: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(meta: ObjectMeta): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** The controlling owner reference (controller: true), as metav1.GetControllerOf. */
export function controllerOf(meta: ObjectMeta): OwnerReference | undefined {
  const refs = meta.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}

/** metav1.LabelSelector. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** intstr.IntOrString: 3 or "25%". */
export type IntOrString = number | string;
