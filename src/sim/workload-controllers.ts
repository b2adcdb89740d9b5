import { ReplicaSetController } from '../controllers/replicaset/replicaset-controller';
import { StatefulSetController } from '../controllers/statefulset/statefulset-controller';
import { DaemonSetController } from '../controllers/daemonset/daemonset-controller';
import { JobController } from '../controllers/job/job-controller';
import { CronJobController } from '../controllers/cronjob/cronjob-controller';
import { EndpointsController } from '../controllers/endpoints/endpoints-controller';
import { DisruptionController } from '../controllers/disruption/disruption-controller';
import { RolloutRecord } from '../controllers/rollout-record';
import { GaugeSource } from '../metrics/series';
import { workloadGauges } from '../metrics/workload-gauges';
import { Scenario } from '../scenario/scenario';
import { DEFAULT_START_TIME } from '../scenario/run-settings-spec';
import { SimContext } from './context';

/**
 * The kube-controller-manager loops beyond ReplicaSet and Deployment: ReplicationController,
 * StatefulSet, DaemonSet, Job (with TTL-after-finished), CronJob, EndpointSlice and disruption.
 * Each work queue is registered with the component gate under kube-controller-manager, so leader
 * election pauses them together.
 */
export class WorkloadControllers {
  readonly replicationControllers: ReplicaSetController;
  readonly statefulSets: StatefulSetController;
  readonly daemonSets: DaemonSetController;
  readonly jobs: JobController;
  readonly cronJobs: CronJobController;
  readonly endpoints: EndpointsController;
  readonly disruption: DisruptionController;

  constructor(
    private readonly ctx: SimContext,
    scenario: Scenario,
  ) {
    this.replicationControllers = new ReplicaSetController(ctx, 'ReplicationController');
    this.statefulSets = new StatefulSetController(ctx, { zonalStorage: scenario.storage?.zonal ?? false });
    this.daemonSets = new DaemonSetController(ctx);
    this.jobs = new JobController(ctx);
    this.cronJobs = new CronJobController(ctx, { startEpochMs: scenario.startTime ?? DEFAULT_START_TIME });
    this.endpoints = new EndpointsController(ctx);
    this.disruption = new DisruptionController(ctx);
    for (const c of [this.replicationControllers, this.statefulSets, this.daemonSets, this.jobs, this.cronJobs, this.endpoints, this.disruption]) {
      ctx.gate.register('kube-controller-manager', c.queue);
    }
  }

  /** StatefulSet and DaemonSet rollouts, in start order per kind. */
  rollouts(): RolloutRecord[] {
    return [...this.statefulSets.rollouts, ...this.daemonSets.rollouts];
  }

  gaugeSources(): GaugeSource[] {
    return [this.endpoints, this.disruption, workloadGauges(this.ctx.store)];
  }
}
