import { Bench } from 'tinybench';
import { Engine } from '../src/engine/engine';
import { MILLISECOND } from '../src/engine/time';
import { Store } from '../src/store/store';
import { Pod } from '../src/api/pod';
import { Figure } from './figures';
import { rateOf } from './engine-bench';

const WRITES = 10_000;

/**
 * Store writes with watch fan-out: `watchers` watchers on Pod; each write is an update of one of
 * 10,000 pods plus the delivery of its notification to every watcher through the engine.
 */
export async function storeFigures(baselineName: string, baseline: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const watchers of [1, 8]) {
    const engine = new Engine(1);
    const store = new Store(engine, MILLISECOND);
    let seen = 0;
    for (let w = 0; w < watchers; w++) store.watch('Pod', { onWatch: () => void seen++ });
    const pods: Pod[] = [];
    for (let i = 0; i < WRITES; i++) {
      pods.push(
        store.create<Pod>({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `p${i}`, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-1', controller: true }] },
          spec: { containers: [{ name: 'c', image: 'i' }] },
          status: { phase: 'Pending' },
        }),
      );
    }
    engine.runUntilIdle();
    const bench = new Bench({ time: 1000, warmupTime: 200 });
    bench.add('writes', () => {
      for (let i = 0; i < WRITES; i++) store.update(pods[i]);
      engine.runUntilIdle();
    });
    await bench.run();
    const rate = rateOf(bench, 'writes', WRITES);
    figures.push({
      name: `store update + watch fan-out to ${watchers}`,
      value: rate,
      unit: 'writes/s',
      baseline: baselineName,
      baselineValue: baseline,
      ratio: rate / baseline,
      extra: { notificationsDelivered: seen },
    });
  }
  return figures;
}
