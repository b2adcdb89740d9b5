import { PodTemplateSpec } from '../../src/api/workloads';

/** A pod template for story tests: one container of `image`, 100m / 128Mi. */
export function template(label: string, image: string, restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always'): PodTemplateSpec {
  return {
    metadata: { labels: { app: label } },
    spec: {
      containers: [{ name: label, image, resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
      restartPolicy,
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
    },
  };
}
