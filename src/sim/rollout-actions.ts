import { KubeObject } from '../api/meta';
import { Deployment, PodTemplateSpec, ReplicaSet } from '../api/workloads';
import { Store } from '../store/store';
import { POD_TEMPLATE_HASH_LABEL, compareByRevision, equalIgnoreHash, revisionOf } from '../controllers/deployment/rollout-math';

/** The annotation `kubectl rollout restart` sets on the pod template. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** An action's result: done (with a note for the timeline row), or refused with kubectl's reason. */
export type ActionResult = { ok: true; note: string } | { ok: false; why: string };

/** `kubectl rollout pause|resume`: sets spec.paused (a spec change: generation is bumped). */
export function setPaused(store: Store, d: Deployment, paused: boolean): ActionResult {
  if ((d.spec.paused ?? false) === paused) return { ok: false, why: `deployment "${d.metadata.name}" is already ${paused ? 'paused' : 'resumed'}` };
  d.spec.paused = paused;
  d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  store.update(d);
  return { ok: true, note: paused ? 'paused' : 'resumed' };
}

/**
 * `kubectl rollout undo [--to-revision=N]` (kubectl's DeploymentRollbacker): the ReplicaSet of
 * revision N (default: the highest revision below the current one) has its pod template copied
 * into the Deployment, without the pod-template-hash label; the controller then rolls out that
 * template, whose ReplicaSet becomes the new revision. Refused, as kubectl does, for a paused
 * Deployment, an unknown revision, or a template that already matches.
 */
export function undoRollout(store: Store, d: Deployment, toRevision: number | undefined): ActionResult {
  if (d.spec.paused) return { ok: false, why: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again` };
  const rss: ReplicaSet[] = [];
  for (const o of store.ownedBy<ReplicaSet>(d.metadata.uid!)) if (o.kind === 'ReplicaSet') rss.push(o);
  rss.sort(compareByRevision);
  let target: ReplicaSet | undefined;
  if (toRevision === undefined || toRevision === 0) {
    if (rss.length < 2) return { ok: false, why: 'no rollout history found' };
    target = rss[rss.length - 2];
  } else {
    target = rss.find((rs) => revisionOf(rs) === toRevision);
    if (!target) return { ok: false, why: `unable to find specified revision ${toRevision} in history` };
  }
  const rev = revisionOf(target) ?? 0;
  if (equalIgnoreHash(target.spec.template, d.spec.template)) return { ok: false, why: `skipped rollback (current template already matches revision ${rev})` };
  const tm = target.spec.template.metadata ?? {};
  const labels = { ...(tm.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  const template: PodTemplateSpec = { metadata: { ...tm, labels }, spec: target.spec.template.spec };
  d.spec.template = template;
  d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  store.update(d);
  return { ok: true, note: `to revision ${rev}` };
}

/**
 * `kubectl rollout restart`: sets the kubectl.kubernetes.io/restartedAt annotation of the pod
 * template to the current instant (RFC 3339), which changes the template and starts a rollout.
 * Works for Deployments, StatefulSets and DaemonSets. The template is replaced, never mutated.
 */
export function restartRollout(store: Store, obj: KubeObject & { spec: { template: PodTemplateSpec } }, at: string): ActionResult {
  const t = obj.spec.template;
  const tm = t.metadata ?? {};
  obj.spec.template = { metadata: { ...tm, annotations: { ...(tm.annotations ?? {}), [RESTARTED_AT_ANNOTATION]: at } }, spec: t.spec };
  obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
  store.update(obj);
  return { ok: true, note: `restartedAt ${at}` };
}
