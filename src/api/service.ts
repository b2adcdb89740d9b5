import { KubeObject } from './meta';

export interface ServicePort {
  port: number;
  targetPort?: number | string;
  protocol?: string;
  name?: string;
  nodePort?: number;
}
export interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: ServicePort[];
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
}
export interface Service extends KubeObject {
  kind: 'Service';
  spec: ServiceSpec;
}

export interface Namespace extends KubeObject {
  kind: 'Namespace';
}
