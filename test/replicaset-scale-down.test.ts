import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../src/engine/engine';
import { MILLISECOND, SECOND } from '../src/engine/time';
import { Store } from '../src/store/store';
import { Recorder } from '../src/metrics/recorder';
import { ComponentGate } from '../src/sim/component-gate';
import { SimContext } from '../src/sim/context';
import { Pod } from '../src/api/pod';
import { ReplicaSet } from '../src/api/workloads';
import { ReplicaSetController } from '../src/controllers/replicaset/replicaset-controller';
import { podFromTemplate } from '../src/controllers/pod-template';

const DEPLOYMENT_UID = 'deployment-uid';

function replicaSet(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: DEPLOYMENT_UID, controller: true }],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: name }] } },
    },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

/** A running, ready pod of `rs` on `node`, created at `created` µs. */
function runningPod(store: Store, rs: ReplicaSet, node: string, created: number): Pod {
  const p = store.create(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`));
  p.metadata.creationTimestamp = created;
  p.spec.nodeName = node;
  p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }] };
  store.update(p);
  return p;
}

// Upstream ranks a pod by the active pods of ALL ReplicaSets of the same controller on its node
// (getIndirectlyRelatedPods), so a rollout removes old pods doubled up with new ones first.
test('scale-down of an old ReplicaSet deletes the pod sharing its node with a new-ReplicaSet pod', () => {
  const engine = new Engine(1);
  const store = new Store(engine, 1 * MILLISECOND);
  const ctx: SimContext = {
    engine,
    store,
    recorder: new Recorder(() => engine.now),
    latencies: { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND },
    apps: new Map(),
    gate: new ComponentGate(),
  };
  new ReplicaSetController(ctx);
  const oldRs = store.create(replicaSet('web-old', 2));
  const newRs = store.create(replicaSet('web-new', 1));
  // Without the related pods, 'doubled' (older) would outlive 'alone' (newer created goes first).
  const doubled = runningPod(store, oldRs, 'n1', 1);
  const alone = runningPod(store, oldRs, 'n2', 2);
  runningPod(store, newRs, 'n1', 3);
  engine.runUntil(1 * SECOND);
  oldRs.spec.replicas = 1;
  store.update(oldRs);
  engine.runUntil(2 * SECOND);
  const left = [...store.ownedBy<Pod>(oldRs.metadata.uid!)].filter((p) => p.metadata.deletionTimestamp === undefined);
  assert.deepEqual(left.map((p) => p.metadata.name), [alone.metadata.name]);
  assert.notEqual(doubled.metadata.deletionTimestamp, undefined);
});
