import { Time, HOUR } from '../engine/time';
import { KubeObject } from '../api/meta';
import { NodePool } from '../scenario/scenario';
import { LABEL_POOL } from '../sim/node-pools';
import { Watcher, WatchType } from '../store/store';
import { GaugeSource } from '../metrics/series';

interface PoolMeter {
  costPerHour: number;
  nodes: number;
  since: Time;
  accrued: number;
  nodeHours: number;
}

/**
 * Cost of the node pools over virtual time: each registered Node of a pool costs the pool's
 * costPerHour from its registration (watch ADDED) until its removal (DELETED). Pools without a
 * price cost 0 but their node-hours are still counted.
 * Example: 3 nodes at 0.5/h for 2 h, then 5 for 1 h → 3·0.5·2 + 5·0.5·1 = 5.5.
 */
export class CostMeter implements Watcher {
  private readonly pools = new Map<string, PoolMeter>();

  constructor(
    private readonly now: () => Time,
    pools: readonly NodePool[],
  ) {
    for (const p of pools) this.pools.set(p.name, { costPerHour: p.costPerHour ?? 0, nodes: 0, since: 0, accrued: 0, nodeHours: 0 });
  }

  onWatch(type: WatchType, obj: KubeObject): void {
    if (type === 'MODIFIED') return;
    const m = this.pools.get(obj.metadata.labels?.[LABEL_POOL] ?? '');
    if (!m) return;
    this.settle(m);
    m.nodes += type === 'ADDED' ? 1 : -1;
  }

  private settle(m: PoolMeter): void {
    const t = this.now();
    const hours = (t - m.since) / HOUR;
    m.accrued += m.nodes * m.costPerHour * hours;
    m.nodeHours += m.nodes * hours;
    m.since = t;
  }

  /** Cost and node-hours accrued so far, per pool and in total. */
  totals(): { total: number; nodeHours: number; byPool: { pool: string; cost: number; nodeHours: number }[] } {
    let total = 0;
    let nodeHours = 0;
    const byPool: { pool: string; cost: number; nodeHours: number }[] = [];
    for (const [pool, m] of this.pools) {
      this.settle(m);
      total += m.accrued;
      nodeHours += m.nodeHours;
      byPool.push({ pool, cost: round6(m.accrued), nodeHours: round6(m.nodeHours) });
    }
    return { total: round6(total), nodeHours: round6(nodeHours), byPool };
  }

  /** Series cost_accrued per pool and in total (name ""). */
  gauges(): GaugeSource {
    return {
      sample: (emit) => {
        const t = this.totals();
        for (const p of t.byPool) emit('cost_accrued', '', p.pool, p.cost);
        emit('cost_accrued', '', '', t.total);
      },
    };
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
