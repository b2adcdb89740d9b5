import { Scenario } from '../scenario/scenario';
import { defaultAutoscaling } from '../scenario/autoscaling-spec';
import { SimContext } from '../sim/context';
import { GaugeSource } from '../metrics/series';
import { LoadModel } from '../load/load-model';
import { MetricsServer } from '../load/metrics-server';
import { MetricsApi } from '../load/metrics-api';
import { HpaController } from '../controllers/hpa/hpa-controller';
import { ClusterAutoscaler, ClusterAutoscalerFacts, NodeProvisioner } from './cluster-autoscaler';
import { CostMeter } from './cost-meter';

/** summary.json `autoscaling`: load model, HPA, cluster autoscaler and cost facts of a run. */
export interface AutoscalingFacts {
  hpaRescales: number;
  metricsScrapes: number;
  oomKills: number;
  overloadReadinessFailures: number;
  /** Cost of the node pools over the simulated period (costPerHour × node-hours). */
  cost: { total: number; nodeHours: number; byPool: { pool: string; cost: number; nodeHours: number }[] };
  clusterAutoscaler?: ClusterAutoscalerFacts;
}

const NO_METRICS: MetricsApi = { podMetrics: () => undefined };

/**
 * The autoscaling pieces of a simulation, built from the scenario: the load model and the
 * metrics-server (when spec.load is set), the HorizontalPodAutoscaler controller (always; it
 * acts only on HPA objects, registered under kube-controller-manager), the cluster autoscaler
 * (when a node pool has `autoscaling`) and the cost meter. Each talks to the others only through
 * store objects and the Metrics API.
 */
export class AutoscalingSystem {
  readonly load: LoadModel | undefined;
  readonly metricsServer: MetricsServer | undefined;
  readonly hpa: HpaController;
  readonly clusterAutoscaler: ClusterAutoscaler | undefined;
  readonly cost: CostMeter;
  private readonly priced: boolean;

  constructor(ctx: SimContext, scenario: Scenario, provisioner: NodeProvisioner) {
    const settings = scenario.autoscaling ?? defaultAutoscaling();
    if (scenario.load && scenario.load.length > 0) {
      this.load = new LoadModel(ctx, scenario.load);
      this.metricsServer = new MetricsServer(ctx, this.load, settings.metricsServer);
    }
    this.hpa = new HpaController(ctx, this.metricsServer ?? NO_METRICS);
    ctx.gate.register('kube-controller-manager', this.hpa.queue);
    const pools = scenario.cluster.nodePools;
    if (pools.some((p) => p.autoscaling)) this.clusterAutoscaler = new ClusterAutoscaler(ctx, pools, settings.clusterAutoscaler, provisioner);
    this.priced = pools.some((p) => p.costPerHour !== undefined || p.autoscaling !== undefined);
    this.cost = new CostMeter(() => ctx.engine.now, pools);
    ctx.store.watch('Node', this.cost);
  }

  start(): void {
    this.metricsServer?.start();
    this.clusterAutoscaler?.start();
  }

  gaugeSources(): GaugeSource[] {
    const out: GaugeSource[] = [this.hpa.gauges()];
    if (this.priced) out.push(this.cost.gauges());
    if (this.load) out.push(this.load.gauges());
    if (this.clusterAutoscaler) out.push(this.clusterAutoscaler.gauges());
    return out;
  }

  /** Whether the run used any autoscaling feature (summary.json carries `autoscaling` only then). */
  get active(): boolean {
    return this.priced || this.load !== undefined || this.hpa.queue.syncs > 0;
  }

  facts(): AutoscalingFacts {
    const f: AutoscalingFacts = {
      hpaRescales: this.hpa.rescales,
      metricsScrapes: this.metricsServer?.scrapes ?? 0,
      oomKills: this.load?.oomKills ?? 0,
      overloadReadinessFailures: this.load?.readinessFailures ?? 0,
      cost: this.cost.totals(),
    };
    if (this.clusterAutoscaler) f.clusterAutoscaler = this.clusterAutoscaler.facts();
    return f;
  }
}
