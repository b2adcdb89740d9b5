import { FieldPath } from '../api/validation/field-error';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../api/validation/names';
import { Time, formatDuration } from '../engine/time';
import { didYouMean } from './did-you-mean';
import { overLimit } from './limits';
import { CONTROL_PLANE_ACTIONS, readControlPlaneAction } from './control-plane-spec';
import { FAULT_ACTIONS, readFaultAction } from './faults-spec';
import { ResourceContext, readObjectEntry } from './resources-spec';
import { SourcedObject, TargetRef, TimelineAction } from './scenario';
import { SpecReader, isObj, shown } from './spec-reader';

export const ACTIONS = ['scale', 'setImage', 'apply', 'delete', 'addNodes', 'removeNodes', 'cordon', 'uncordon', ...CONTROL_PLANE_ACTIONS, ...FAULT_ACTIONS, 'pause', 'resume', 'undo', 'restart', 'drain'] as const;

/** kubectl's resource names and short names → Kind, and whether the kind is namespaced. */
const KINDS: Record<string, { kind: string; namespaced: boolean }> = {};
for (const [kind, namespaced, ...names] of [
  ['Deployment', true, 'deployment', 'deployments', 'deploy'],
  ['ReplicaSet', true, 'replicaset', 'replicasets', 'rs'],
  ['StatefulSet', true, 'statefulset', 'statefulsets', 'sts'],
  ['DaemonSet', true, 'daemonset', 'daemonsets', 'ds'],
  ['ReplicationController', true, 'replicationcontroller', 'replicationcontrollers', 'rc'],
  ['Job', true, 'job', 'jobs'],
  ['CronJob', true, 'cronjob', 'cronjobs', 'cj'],
  ['Pod', true, 'pod', 'pods', 'po'],
  ['Service', true, 'service', 'services', 'svc'],
  ['PodDisruptionBudget', true, 'poddisruptionbudget', 'poddisruptionbudgets', 'pdb'],
  ['HorizontalPodAutoscaler', true, 'horizontalpodautoscaler', 'horizontalpodautoscalers', 'hpa'],
  ['Namespace', false, 'namespace', 'namespaces', 'ns'],
  ['PriorityClass', false, 'priorityclass', 'priorityclasses', 'pc'],
  ['Node', false, 'node', 'nodes', 'no'],
] as [string, boolean, ...string[]][]) {
  for (const n of names) KINDS[n] = { kind, namespaced };
}

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];
/** The kinds `kubectl set image` accepts. */
const WITH_IMAGES = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Pod', 'Job', 'CronJob'];

/**
 * Reads `timeline`: entries `{at: <duration>, <action>: {...}}`, returned sorted stably by `at`
 * (entries at the same instant keep file order). `addedNodes` receives the nodes addNodes adds.
 */
export function readTimeline(
  r: SpecReader,
  ctx: ResourceContext,
  v: unknown,
  path: FieldPath,
  pools: ReadonlySet<string> | undefined,
  duration: Time | undefined,
): { actions: TimelineAction[]; addedNodes: number } {
  const actions: TimelineAction[] = [];
  let addedNodes = 0;
  if (v === undefined || v === null) return { actions, addedNodes };
  if (!Array.isArray(v)) {
    r.fail(path, `expected a list of {at: <duration>, <action>: {...}} entries, got ${shown(v)}`);
    return { actions, addedNodes };
  }
  v.forEach((entry, i) => {
    const p = [...path, i];
    if (!r.fields(entry, p, ['at', ...ACTIONS])) return;
    const present = ACTIONS.filter((a) => entry[a] !== undefined);
    let at: Time | undefined;
    if (r.required(entry, 'at', p)) at = r.duration(entry.at, [...p, 'at']);
    if (at !== undefined && duration !== undefined && at > duration) {
      r.fail([...p, 'at'], `is after the end of the run (duration ${formatDuration(duration)}), got ${shown(entry.at)}`);
      at = undefined;
    }
    const unknown = Object.keys(entry).some((k) => k !== 'at' && !(ACTIONS as readonly string[]).includes(k));
    if (present.length !== 1) {
      if (present.length === 0 && unknown) return;
      r.fail(p, present.length === 0 ? `expected one action: ${ACTIONS.join(', ')}` : `expected one action per entry, got ${present.join(' and ')}`);
      return;
    }
    const type = present[0];
    const where = r.src.problemAt(r.doc, p, '');
    const action = readAction(r, ctx, type, entry[type], [...p, type], pools);
    if (action === undefined || at === undefined) return;
    if (action.type === 'addNodes') addedNodes += action.count as number;
    actions.push({ ...action, at, where: `${where.file}:${where.line}:${where.col}` } as TimelineAction);
  });
  actions.sort((a, b) => a.at - b.at);
  if (addedNodes > r.limits.maxNodes) r.fail(path, overLimit(`addNodes actions add ${addedNodes} nodes`, 'maxNodes', r.limits.maxNodes, addedNodes));
  return { actions, addedNodes };
}

type ActionBody = { type: string; [k: string]: unknown };

function readAction(
  r: SpecReader,
  ctx: ResourceContext,
  type: (typeof ACTIONS)[number],
  v: unknown,
  path: FieldPath,
  pools: ReadonlySet<string> | undefined,
): ActionBody | undefined {
  switch (type) {
    case 'scale': {
      if (!r.fields(v, path, ['target', 'namespace', 'replicas'])) return undefined;
      const target = readTarget(r, v, path, SCALABLE);
      let replicas = r.required(v, 'replicas', path) ? r.int(v.replicas, [...path, 'replicas'], 0, Number.MAX_SAFE_INTEGER, 'a replica count') : undefined;
      if (replicas !== undefined && replicas > r.limits.maxReplicas) {
        replicas = r.fail([...path, 'replicas'], overLimit(`scale to ${replicas} replicas`, 'maxReplicas', r.limits.maxReplicas, replicas));
      }
      return target && replicas !== undefined ? { type, target, replicas } : undefined;
    }
    case 'setImage': {
      if (!r.fields(v, path, ['target', 'namespace', 'container', 'image'])) return undefined;
      const target = readTarget(r, v, path, WITH_IMAGES);
      const container = v.container === undefined ? undefined : r.string(v.container, [...path, 'container'], 'a container name');
      const image = r.required(v, 'image', path) ? r.string(v.image, [...path, 'image'], 'an image reference') : undefined;
      if (!target || image === undefined || (v.container !== undefined && container === undefined)) return undefined;
      return container === undefined ? { type, target, image } : { type, target, container, image };
    }
    case 'delete': {
      if (!r.fields(v, path, ['target', 'namespace'])) return undefined;
      const target = readTarget(r, v, path, undefined);
      return target ? { type, target } : undefined;
    }
    case 'apply': {
      const list = Array.isArray(v) ? v : [v];
      const objects: SourcedObject[] = [];
      let ok = true;
      list.forEach((entry, i) => {
        const got = readObjectEntry(r, ctx, entry, Array.isArray(v) ? [...path, i] : path);
        if (got === undefined) ok = false;
        else for (const o of got) objects.push(o);
      });
      return ok ? { type, objects } : undefined;
    }
    case 'addNodes':
    case 'removeNodes': {
      if (!r.fields(v, path, ['pool', 'count'])) return undefined;
      let pool: string | undefined;
      if (r.required(v, 'pool', path)) {
        pool = r.string(v.pool, [...path, 'pool'], 'a node pool name');
        if (pool !== undefined && pools && !pools.has(pool)) {
          r.fail([...path, 'pool'], `no node pool named "${pool}"${didYouMean(pool, [...pools])}; pools: ${[...pools].join(', ')}`);
          pool = undefined;
        }
      }
      const count = r.required(v, 'count', path) ? r.int(v.count, [...path, 'count'], 1, Number.MAX_SAFE_INTEGER, 'a node count') : undefined;
      return pool !== undefined && count !== undefined ? { type, pool, count } : undefined;
    }
    case 'cordon':
    case 'uncordon': {
      if (!r.fields(v, path, ['node'])) return undefined;
      if (!r.required(v, 'node', path)) return undefined;
      const node = r.string(v.node, [...path, 'node'], 'a node name');
      if (node === undefined) return undefined;
      for (const m of dns1123SubdomainErrors(node)) return r.fail([...path, 'node'], `Invalid value: "${node}": ${m}`);
      return { type, node };
    }
    case 'pause':
    case 'resume':
    case 'restart':
    case 'undo': {
      // kubectl rollout pause|resume|undo work on Deployments; restart also on StatefulSets and DaemonSets.
      const fields = type === 'undo' ? ['target', 'namespace', 'toRevision'] : ['target', 'namespace'];
      if (!r.fields(v, path, fields)) return undefined;
      const target = readTarget(r, v, path, type === 'restart' ? ['Deployment', 'StatefulSet', 'DaemonSet'] : ['Deployment']);
      if (type !== 'undo' || v.toRevision === undefined) return target ? { type, target } : undefined;
      const toRevision = r.int(v.toRevision, [...path, 'toRevision'], 0, Number.MAX_SAFE_INTEGER, 'a revision number');
      return target && toRevision !== undefined ? { type, target, toRevision } : undefined;
    }
    case 'drain': {
      if (!r.fields(v, path, ['node'])) return undefined;
      if (!r.required(v, 'node', path)) return undefined;
      const node = r.string(v.node, [...path, 'node'], 'a node name');
      if (node === undefined) return undefined;
      for (const m of dns1123SubdomainErrors(node)) return r.fail([...path, 'node'], `Invalid value: "${node}": ${m}`);
      return { type, node };
    }
    case 'killLeader':
    case 'restartReplica':
    case 'controlPlaneNodeCrash':
    case 'apiServerPartition':
    case 'apiServerUnavailable':
    case 'apiServerSlow':
      return readControlPlaneAction(r, type, v, path);
    case 'nodeCrash':
    case 'kubeletStop':
    case 'nodeRecover':
    case 'partition':
    case 'zoneOutage':
      return readFaultAction(r, type, v, path, pools);
  }
}

/** `target: kind/name` with optional `namespace` (default "default"; "" for cluster-scoped kinds). */
function readTarget(r: SpecReader, v: Record<string, unknown>, path: FieldPath, allowed: readonly string[] | undefined): TargetRef | undefined {
  if (!r.required(v, 'target', path)) return undefined;
  const tp = [...path, 'target'];
  const text = r.string(v.target, tp, 'a target like "deployment/web"');
  if (text === undefined) return undefined;
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1 || text.indexOf('/', slash + 1) >= 0) {
    return r.fail(tp, `expected a target like "deployment/web" (kind/name), got ${shown(text)}`);
  }
  const kindText = text.slice(0, slash);
  const name = text.slice(slash + 1);
  const k = KINDS[kindText.toLowerCase()];
  if (!k || (allowed && !allowed.includes(k.kind))) {
    const choices = allowed ?? [...new Set(Object.values(KINDS).map((x) => x.kind))];
    const names = Object.keys(KINDS).filter((n) => choices.includes(KINDS[n].kind));
    return r.fail(tp, `unsupported kind "${kindText}" here${k ? '' : didYouMean(kindText.toLowerCase(), names)}; expected one of ${choices.map((c) => c.toLowerCase()).join(', ')}`);
  }
  for (const m of dns1123SubdomainErrors(name)) return r.fail(tp, `Invalid value: "${name}": ${m}`);
  let namespace = k.namespaced ? 'default' : '';
  if (v.namespace !== undefined) {
    const ns = r.string(v.namespace, [...path, 'namespace'], 'a namespace name');
    if (ns === undefined) return undefined;
    if (!k.namespaced) return r.fail([...path, 'namespace'], `${k.kind} is not namespaced`);
    for (const m of dns1123LabelErrors(ns)) return r.fail([...path, 'namespace'], `Invalid value: "${ns}": ${m}`);
    namespace = ns;
  }
  return { kind: k.kind, name, namespace };
}
