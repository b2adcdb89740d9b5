import { KubeObject } from './meta';

/** discovery/v1 EndpointConditions. */
export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}
/** discovery/v1 Endpoint: one pod backing a Service. */
export interface Endpoint {
  targetRef: { kind: 'Pod'; name: string; uid: string };
  nodeName?: string;
  zone?: string;
  conditions: EndpointConditions;
}
/**
 * An EndpointSlice. kubesim keeps one slice per Service named after it (upstream splits at
 * maxEndpointsPerSlice = 100; the split changes no count a user reads).
 */
export interface EndpointSlice extends KubeObject {
  kind: 'EndpointSlice';
  endpoints: Endpoint[];
}
/** Label tying a slice to its Service (discovery/v1 LabelServiceName). */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
