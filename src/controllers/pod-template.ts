import { KubeObject } from '../api/meta';
import { Pod } from '../api/pod';
import { PodTemplateSpec } from '../api/workloads';

/**
 * A new pod from a controller's template, owned by `owner` (controller: true), named by
 * generateName `prefix`. The template's spec is copied one level deep (nodeName and status are
 * per pod); containers and other nested parts are shared read-only with the template.
 */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, prefix: string, name = ''): Pod {
  const tm = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: prefix,
      namespace: owner.metadata.namespace,
      labels: tm.labels ? { ...tm.labels } : {},
      annotations: tm.annotations ? { ...tm.annotations } : undefined,
      ownerReferences: [
        { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true },
      ],
    },
    spec: { ...template.spec },
    status: { phase: 'Pending' },
  };
}
