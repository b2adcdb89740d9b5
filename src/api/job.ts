import { KubeObject } from './meta';
import { LabelSelector } from './meta';
import { PodTemplateSpec } from './workloads';
import { Time } from '../engine/time';

export interface JobSpec {
  parallelism?: number;
  completions?: number;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  ttlSecondsAfterFinished?: number;
  selector?: LabelSelector;
  template: PodTemplateSpec;
}
export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';
  status: 'True' | 'False';
  reason?: string;
  lastTransitionTime?: Time;
}
export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  ready?: number;
  startTime?: Time;
  completionTime?: Time;
  /** Indexed Jobs: the completed indexes, as upstream's interval list ("0-3,5"). */
  completedIndexes?: string;
  conditions?: JobCondition[];
}
export interface Job extends KubeObject {
  kind: 'Job';
  spec: JobSpec;
  status: JobStatus;
}

/** Annotation and label holding an Indexed Job pod's index (batch/v1 JobCompletionIndexAnnotation). */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
