import { DEFAULT_NOT_READY_TOLERATION, DEFAULT_UNREACHABLE_TOLERATION } from '../../api/defaults';
import { KubeObject } from '../../api/meta';
import { Pod, Toleration } from '../../api/pod';
import { SECOND } from '../../engine/time';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

const NOT_READY: Toleration = Object.freeze({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_NOT_READY_TOLERATION / SECOND });
const UNREACHABLE: Toleration = Object.freeze({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_UNREACHABLE_TOLERATION / SECOND });

/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds):
 * a pod that has no toleration for the not-ready (resp. unreachable) NoExecute taint gets
 * `{key, operator: Exists, effect: NoExecute, tolerationSeconds: 300}`. A toleration counts when
 * it has that key (or an empty key) with effect NoExecute or empty. Returns
 * the list to store (a new array when something was added, else the same one).
 */
export function withDefaultTolerationSeconds(tolerations: readonly Toleration[] | undefined): Toleration[] | undefined {
  let notReady = false;
  let unreachable = false;
  for (const t of tolerations ?? []) {
    const effectOk = t.effect === undefined || t.effect === '' || t.effect === 'NoExecute';
    if (!effectOk) continue;
    if (t.key === undefined || t.key === '') notReady = unreachable = true;
    if (t.key === TAINT_NOT_READY) notReady = true;
    if (t.key === TAINT_UNREACHABLE) unreachable = true;
  }
  if (notReady && unreachable) return tolerations as Toleration[] | undefined;
  const out = [...(tolerations ?? [])];
  if (!notReady) out.push(NOT_READY);
  if (!unreachable) out.push(UNREACHABLE);
  return out;
}

/** The admission step for the store (store.admission): adds the default tolerations to a Pod being created. */
export function admitDefaultTolerationSeconds(obj: KubeObject): void {
  if (obj.kind !== 'Pod') return;
  const spec = (obj as Pod).spec;
  const t = withDefaultTolerationSeconds(spec.tolerations);
  if (t !== spec.tolerations) spec.tolerations = t;
}
