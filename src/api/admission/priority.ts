import { KubeObject } from '../meta';
import { Pod } from '../pod';

/** scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClass extends KubeObject {
  kind: 'PriorityClass';
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  description?: string;
}

/** scheduling.SystemClusterCritical / SystemNodeCritical and their values (pkg/apis/scheduling). */
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;
/** scheduling.DefaultPriorityWhenNoDefaultClassExists. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS = 0;

/** The lookup the admission step needs: PriorityClass objects by name, and all of them. */
export interface PriorityClassLister {
  get<T extends KubeObject>(kind: string, key: string): T | undefined;
  list<T extends KubeObject>(kind: string): IterableIterator<T>;
}

/** The system classes that exist in every cluster (scheduling.SystemPriorityClasses). */
function systemClassValue(name: string): number | undefined {
  if (name === SYSTEM_CLUSTER_CRITICAL) return SYSTEM_CRITICAL_PRIORITY;
  if (name === SYSTEM_NODE_CRITICAL) return SYSTEM_CRITICAL_PRIORITY + 1000;
  return undefined;
}

/**
 * The default class, as the Priority admission plugin's getDefaultPriorityClass: among the
 * classes with globalDefault, the one with the highest value; null when there is none.
 */
export function defaultPriorityClass(lister: PriorityClassLister): PriorityClass | null {
  let best: PriorityClass | null = null;
  for (const pc of lister.list<PriorityClass>('PriorityClass')) {
    if (pc.globalDefault && (best === null || pc.value > best.value)) best = pc;
  }
  return best;
}

/**
 * Resolves spec.priority and spec.preemptionPolicy of a pod being created, as the Priority
 * admission plugin (plugin/pkg/admission/priority) does: a pod naming a class gets its value and
 * preemptionPolicy; a pod naming none gets the globalDefault class (and its name), or priority 0
 * with preemptionPolicy PreemptLowerPriority when no default exists. Objects of other kinds pass.
 * Returns an error message (upstream's wording) when the named class does not exist, else null;
 * the pod is then left at priority 0.
 */
export function admitPodPriority(lister: PriorityClassLister, obj: KubeObject): string | null {
  if (obj.kind !== 'Pod') return null;
  const spec = (obj as Pod).spec;
  const name = spec.priorityClassName;
  let value: number;
  let policy: 'PreemptLowerPriority' | 'Never' = 'PreemptLowerPriority';
  if (!name) {
    const def = defaultPriorityClass(lister);
    if (def === null) value = DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS;
    else {
      spec.priorityClassName = def.metadata.name;
      value = def.value;
      policy = def.preemptionPolicy ?? 'PreemptLowerPriority';
    }
  } else {
    const system = systemClassValue(name);
    const pc = system === undefined ? lister.get<PriorityClass>('PriorityClass', name) : undefined;
    if (system !== undefined) value = system;
    else if (pc === undefined) {
      spec.priority ??= DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS;
      return `no PriorityClass with name ${name} was found`;
    } else {
      value = pc.value;
      policy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
    }
  }
  spec.priority = value;
  spec.preemptionPolicy ??= policy;
  return null;
}
