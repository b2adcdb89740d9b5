import { IntOrString, KubeObject, LabelSelector } from './meta';

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}
export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
  conditions?: { type: 'DisruptionAllowed'; status: 'True' | 'False'; reason: string }[];
}
export interface PodDisruptionBudget extends KubeObject {
  kind: 'PodDisruptionBudget';
  spec: PodDisruptionBudgetSpec;
  status: PodDisruptionBudgetStatus;
}
