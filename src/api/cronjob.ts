import { KubeObject, ObjectMeta } from './meta';
import { JobSpec } from './job';
import { Time } from '../engine/time';

export interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate: { metadata?: Partial<ObjectMeta>; spec: JobSpec };
}
export interface CronJobStatus {
  /** Names of the running Jobs (upstream keeps ObjectReferences). */
  active?: string[];
  lastScheduleTime?: Time;
  lastSuccessfulTime?: Time;
}
export interface CronJob extends KubeObject {
  kind: 'CronJob';
  spec: CronJobSpec;
  status: CronJobStatus;
}

/** Annotation on a Job: the schedule instant it was created for (batch/v1 CronJobScheduledTimestampAnnotation). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
