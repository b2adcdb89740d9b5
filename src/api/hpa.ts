import { Time } from '../engine/time';
import { KubeObject } from './meta';

/** autoscaling/v2 CrossVersionObjectReference: the scale target. */
export interface CrossVersionObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
}

/** autoscaling/v2 MetricTarget: Utilization (percent of request) or AverageValue (a quantity per pod). */
export interface MetricTarget {
  type: 'Utilization' | 'AverageValue' | 'Value';
  averageUtilization?: number;
  averageValue?: string | number;
  value?: string | number;
}

/** autoscaling/v2 MetricSpec; kubesim computes `Resource` metrics (cpu, memory). */
export interface MetricSpec {
  type: 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
  resource?: { name: string; target: MetricTarget };
}

/** autoscaling/v2 HPAScalingPolicy. */
export interface HPAScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules. */
export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HPAScalingPolicy[];
}

export interface HorizontalPodAutoscalerBehavior {
  scaleUp?: HPAScalingRules;
  scaleDown?: HPAScalingRules;
}

export interface HorizontalPodAutoscalerSpec {
  scaleTargetRef: CrossVersionObjectReference;
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: HorizontalPodAutoscalerBehavior;
  /** autoscaling/v1 form; converted to a cpu Utilization metric as the API server's conversion does. */
  targetCPUUtilizationPercentage?: number;
}

/** autoscaling/v2 MetricStatus for a Resource metric. */
export interface MetricStatus {
  type: 'Resource';
  resource: { name: string; current: { averageUtilization?: number; averageValue?: number } };
}

export interface HorizontalPodAutoscalerCondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  lastTransitionTime?: Time;
}

export interface HorizontalPodAutoscalerStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  lastScaleTime?: Time;
  currentMetrics?: MetricStatus[];
  conditions?: HorizontalPodAutoscalerCondition[];
}

export interface HorizontalPodAutoscaler extends KubeObject {
  kind: 'HorizontalPodAutoscaler';
  spec: HorizontalPodAutoscalerSpec;
  status: HorizontalPodAutoscalerStatus;
}
