import { FieldError, duplicate, invalid, required } from './field-error';
import { Obj, atLeast, inRange, isObj, labels, oneOf, resourceList } from './common';
import { labelValueErrors, qualifiedNameErrors } from './names';
import {
  ANY, BOOL, INT, INT_OR_STRING, LABEL_SELECTOR, OBJECT_META, POD_SPEC, POD_TEMPLATE, RESOURCE_LIST, STRING,
  STRING_MAP, TAINT,
} from './shapes';
import { QUANTITY, Shape, arr, obj } from './schema';
import { validatePodSpec } from './pod-spec';
import {
  Check, deploymentStrategy, enumField, hpaReplicas, intOrPercentFields, mapSelectorMatchingTemplate, mutuallyExclusive,
  nonNegativeFields, podTemplate, replicas, requiredFields, selectorMatchingTemplate, selectorOnly,
} from './workload-checks';

/**
 * The kinds kubesim reads from manifests, one row each: accepted apiVersions, scope, the name rule
 * of ValidateObjectMeta, the JSON shape of known fields, and the semantic checks (upstream's
 * Validate<Kind> functions, restricted to what kubesim simulates). Adding a kind is adding a row.
 * Kinds not listed here are counted as ignored by the loader, never rejected. Retired beta
 * versions are accepted where the fields kubesim reads kept their meaning (batch/v1beta1 CronJob,
 * policy/v1beta1 PodDisruptionBudget, autoscaling/v2beta*, scheduling.k8s.io/v1beta1); the
 * extensions/ and apps/v1beta* workloads are not, since their defaults differed.
 */
export interface KindRule {
  readonly kind: string;
  readonly apiVersions: readonly string[];
  readonly namespaced: boolean;
  readonly nameRule: 'subdomain' | 'label';
  /** Shape of the fields beside apiVersion/kind/metadata. */
  readonly shape: Readonly<Record<string, Shape>>;
  readonly checks: readonly Check[];
}

const ALWAYS = ['Always'] as const;
const JOB_RESTART = ['OnFailure', 'Never'] as const;

const ROLLING_UPDATE_INT_OR_PERCENT = { maxUnavailable: INT_OR_STRING, maxSurge: INT_OR_STRING };

const JOB_SPEC_FIELDS: Record<string, Shape> = {
  parallelism: INT,
  completions: INT,
  backoffLimit: INT,
  backoffLimitPerIndex: INT,
  activeDeadlineSeconds: INT,
  ttlSecondsAfterFinished: INT,
  completionMode: STRING,
  suspend: BOOL,
  selector: LABEL_SELECTOR,
  manualSelector: BOOL,
  template: POD_TEMPLATE,
};

/** ValidateJobSpec checks, relative to `p` (the job spec's path). */
function jobChecks(p: readonly string[]): Check[] {
  return [
    nonNegativeFields([...p, 'parallelism'], [...p, 'completions'], [...p, 'backoffLimit'], [...p, 'ttlSecondsAfterFinished']),
    (o, out) => {
      let v: unknown = o;
      for (const s of [...p, 'activeDeadlineSeconds']) v = isObj(v) ? v[s] : undefined;
      if (typeof v === 'number' && v <= 0) out.push(invalid([...p, 'activeDeadlineSeconds'], v, 'must be greater than 0'));
    },
    enumField([...p, 'completionMode'], ['NonIndexed', 'Indexed']),
    replicas([...p, 'parallelism']),
    podTemplate([...p, 'template'], JOB_RESTART),
    selectorMatchingTemplate([...p, 'selector'], [...p, 'template'], 'job', true),
  ];
}

const SERVICE_PORT_SHAPE = obj('ServicePort', { port: INT, targetPort: INT_OR_STRING, protocol: STRING, name: STRING, nodePort: INT });

/** ValidateService: type, ports (required unless ExternalName or headless), names unique when > 1. */
const serviceChecks: Check = (o, out) => {
  const spec = isObj(o.spec) ? o.spec : {};
  const type = spec.type ?? 'ClusterIP';
  oneOf(type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], ['spec', 'type'], out);
  labels(spec.selector, ['spec', 'selector'], out);
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && type !== 'ExternalName' && spec.clusterIP !== 'None') out.push(required(['spec', 'ports']));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    if (!isObj(port)) return;
    const pp = ['spec', 'ports', i];
    if (port.port === undefined) out.push(required([...pp, 'port']));
    else inRange(port.port, 1, 65535, [...pp, 'port'], out);
    if (ports.length > 1 && (port.name === undefined || port.name === '')) out.push(required([...pp, 'name']));
    if (typeof port.name === 'string' && port.name !== '') {
      if (names.has(port.name)) out.push(duplicate([...pp, 'name'], port.name));
      names.add(port.name);
    }
    oneOf(port.protocol, ['SCTP', 'TCP', 'UDP'], [...pp, 'protocol'], out);
    if (typeof port.targetPort === 'number' && port.targetPort !== 0) inRange(port.targetPort, 1, 65535, [...pp, 'targetPort'], out);
    if (port.nodePort !== undefined && port.nodePort !== 0) inRange(port.nodePort, 1, 65535, [...pp, 'nodePort'], out);
  });
};

/** ValidateNode for what kubesim reads: taints and resource lists. */
const nodeChecks: Check = (o, out) => {
  const spec = isObj(o.spec) ? o.spec : {};
  if (Array.isArray(spec.taints)) taints(spec.taints, ['spec', 'taints'], out);
  const status = isObj(o.status) ? o.status : {};
  resourceList(status.capacity, ['status', 'capacity'], out);
  resourceList(status.allocatable, ['status', 'allocatable'], out);
};

/** validateNodeTaints: key required and a qualified name, effect required and supported, no duplicates. */
export function taints(list: readonly unknown[], path: readonly (string | number)[], out: FieldError[]): void {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    if (!isObj(t)) return;
    const p = [...path, i];
    if (t.key === undefined || t.key === '') out.push(required([...p, 'key']));
    else if (typeof t.key === 'string') for (const m of qualifiedNameErrors(t.key)) out.push(invalid([...p, 'key'], t.key, m));
    if (typeof t.value === 'string') for (const m of labelValueErrors(t.value)) out.push(invalid([...p, 'value'], t.value, m));
    if (t.effect === undefined || t.effect === '') out.push(required([...p, 'effect']));
    else oneOf(t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], [...p, 'effect'], out);
    const id = `${String(t.key)}:${String(t.effect)}`;
    if (seen.has(id)) out.push(duplicate(p, { key: t.key, effect: t.effect }));
    seen.add(id);
  });
}

export const KIND_RULES: readonly KindRule[] = [
  {
    kind: 'Pod',
    apiVersions: ['v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: { spec: POD_SPEC },
    checks: [(o, out) => validatePodSpec(o.spec, ['spec'], out)],
  },
  {
    kind: 'ReplicaSet',
    apiVersions: ['apps/v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: { spec: obj('ReplicaSetSpec', { replicas: INT, minReadySeconds: INT, selector: LABEL_SELECTOR, template: POD_TEMPLATE }) },
    checks: [
      replicas(['spec', 'replicas']),
      nonNegativeFields(['spec', 'minReadySeconds']),
      podTemplate(['spec', 'template'], ALWAYS),
      selectorMatchingTemplate(['spec', 'selector'], ['spec', 'template'], 'replicaset'),
    ],
  },
  {
    kind: 'Deployment',
    apiVersions: ['apps/v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('DeploymentSpec', {
        replicas: INT,
        selector: LABEL_SELECTOR,
        template: POD_TEMPLATE,
        strategy: obj('DeploymentStrategy', { type: STRING, rollingUpdate: obj('RollingUpdateDeployment', ROLLING_UPDATE_INT_OR_PERCENT) }),
        minReadySeconds: INT,
        revisionHistoryLimit: INT,
        paused: BOOL,
        progressDeadlineSeconds: INT,
      }),
    },
    checks: [
      replicas(['spec', 'replicas']),
      nonNegativeFields(['spec', 'minReadySeconds'], ['spec', 'revisionHistoryLimit']),
      (o, out) => {
        const spec = isObj(o.spec) ? o.spec : {};
        const pd = spec.progressDeadlineSeconds;
        atLeast(pd, 0, ['spec', 'progressDeadlineSeconds'], out);
        const mrs = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
        if (typeof pd === 'number' && pd >= 0 && pd <= mrs) {
          out.push(invalid(['spec', 'progressDeadlineSeconds'], pd, 'must be greater than minReadySeconds'));
        }
      },
      deploymentStrategy,
      podTemplate(['spec', 'template'], ALWAYS),
      selectorMatchingTemplate(['spec', 'selector'], ['spec', 'template'], 'deployment'),
    ],
  },
  {
    kind: 'Service',
    apiVersions: ['v1'],
    namespaced: true,
    nameRule: 'label',
    shape: {
      spec: obj('ServiceSpec', {
        selector: STRING_MAP,
        ports: arr(SERVICE_PORT_SHAPE),
        type: STRING,
        clusterIP: STRING,
        publishNotReadyAddresses: BOOL,
      }),
    },
    checks: [serviceChecks],
  },
  { kind: 'Namespace', apiVersions: ['v1'], namespaced: false, nameRule: 'label', shape: {}, checks: [] },
  {
    kind: 'Node',
    apiVersions: ['v1'],
    namespaced: false,
    nameRule: 'subdomain',
    shape: {
      spec: obj('NodeSpec', { unschedulable: BOOL, taints: arr(TAINT), podCIDR: STRING, providerID: STRING }),
      status: obj('NodeStatus', { capacity: RESOURCE_LIST, allocatable: RESOURCE_LIST }),
    },
    checks: [nodeChecks],
  },
  {
    kind: 'ReplicationController',
    apiVersions: ['v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: { spec: obj('ReplicationControllerSpec', { replicas: INT, minReadySeconds: INT, selector: STRING_MAP, template: POD_TEMPLATE }) },
    checks: [
      replicas(['spec', 'replicas']),
      requiredFields(['spec', 'template']),
      podTemplate(['spec', 'template'], ALWAYS),
      mapSelectorMatchingTemplate(['spec', 'selector'], ['spec', 'template']),
    ],
  },
  {
    kind: 'StatefulSet',
    apiVersions: ['apps/v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('StatefulSetSpec', {
        replicas: INT,
        selector: LABEL_SELECTOR,
        template: POD_TEMPLATE,
        serviceName: STRING,
        podManagementPolicy: STRING,
        updateStrategy: obj('StatefulSetUpdateStrategy', {
          type: STRING,
          rollingUpdate: obj('RollingUpdateStatefulSetStrategy', { partition: INT, maxUnavailable: INT_OR_STRING }),
        }),
        revisionHistoryLimit: INT,
        minReadySeconds: INT,
        volumeClaimTemplates: arr(obj('PersistentVolumeClaim', { metadata: OBJECT_META, spec: ANY })),
      }),
    },
    checks: [
      replicas(['spec', 'replicas']),
      nonNegativeFields(['spec', 'minReadySeconds'], ['spec', 'revisionHistoryLimit'], ['spec', 'updateStrategy', 'rollingUpdate', 'partition']),
      enumField(['spec', 'podManagementPolicy'], ['OrderedReady', 'Parallel']),
      enumField(['spec', 'updateStrategy', 'type'], ['RollingUpdate', 'OnDelete']),
      intOrPercentFields(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable']),
      podTemplate(['spec', 'template'], ALWAYS),
      selectorMatchingTemplate(['spec', 'selector'], ['spec', 'template'], 'statefulset'),
      // ValidatePersistentVolumeClaimTemplate: each claim template needs metadata.name (it names the claims).
      (o, out) => {
        const ts = isObj(o.spec) && Array.isArray(o.spec.volumeClaimTemplates) ? o.spec.volumeClaimTemplates : [];
        ts.forEach((t, i) => {
          if (isObj(t) && !(isObj(t.metadata) && typeof t.metadata.name === 'string' && t.metadata.name !== '')) out.push(required(['spec', 'volumeClaimTemplates', i, 'metadata', 'name']));
        });
      },
    ],
  },
  {
    kind: 'DaemonSet',
    apiVersions: ['apps/v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('DaemonSetSpec', {
        selector: LABEL_SELECTOR,
        template: POD_TEMPLATE,
        updateStrategy: obj('DaemonSetUpdateStrategy', {
          type: STRING,
          rollingUpdate: obj('RollingUpdateDaemonSet', ROLLING_UPDATE_INT_OR_PERCENT),
        }),
        minReadySeconds: INT,
        revisionHistoryLimit: INT,
      }),
    },
    checks: [
      nonNegativeFields(['spec', 'minReadySeconds'], ['spec', 'revisionHistoryLimit']),
      enumField(['spec', 'updateStrategy', 'type'], ['RollingUpdate', 'OnDelete']),
      intOrPercentFields(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge']),
      podTemplate(['spec', 'template'], ALWAYS),
      selectorMatchingTemplate(['spec', 'selector'], ['spec', 'template'], 'daemonset'),
    ],
  },
  {
    kind: 'Job',
    apiVersions: ['batch/v1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: { spec: obj('JobSpec', JOB_SPEC_FIELDS) },
    checks: [requiredFields(['spec']), ...jobChecks(['spec'])],
  },
  {
    kind: 'CronJob',
    apiVersions: ['batch/v1', 'batch/v1beta1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('CronJobSpec', {
        schedule: STRING,
        timeZone: STRING,
        startingDeadlineSeconds: INT,
        concurrencyPolicy: STRING,
        suspend: BOOL,
        successfulJobsHistoryLimit: INT,
        failedJobsHistoryLimit: INT,
        jobTemplate: obj('JobTemplateSpec', { metadata: OBJECT_META, spec: obj('JobSpec', JOB_SPEC_FIELDS) }),
      }),
    },
    checks: [
      requiredFields(['spec', 'schedule'], ['spec', 'jobTemplate']),
      nonNegativeFields(['spec', 'startingDeadlineSeconds'], ['spec', 'successfulJobsHistoryLimit'], ['spec', 'failedJobsHistoryLimit']),
      enumField(['spec', 'concurrencyPolicy'], ['Allow', 'Forbid', 'Replace']),
      (o, out, limits) => {
        const jt = isObj(o.spec) ? o.spec.jobTemplate : undefined;
        if (!isObj(jt)) return;
        for (const c of jobChecks(['spec', 'jobTemplate', 'spec'])) c(o, out, limits);
      },
    ],
  },
  {
    kind: 'PodDisruptionBudget',
    apiVersions: ['policy/v1', 'policy/v1beta1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('PodDisruptionBudgetSpec', {
        minAvailable: INT_OR_STRING,
        maxUnavailable: INT_OR_STRING,
        selector: LABEL_SELECTOR,
        unhealthyPodEvictionPolicy: STRING,
      }),
    },
    checks: [
      mutuallyExclusive(['spec'], 'minAvailable', 'maxUnavailable'),
      intOrPercentFields(['spec', 'minAvailable'], ['spec', 'maxUnavailable']),
      selectorOnly(['spec', 'selector']),
      enumField(['spec', 'unhealthyPodEvictionPolicy'], ['IfHealthyBudget', 'AlwaysAllow']),
    ],
  },
  {
    kind: 'PriorityClass',
    apiVersions: ['scheduling.k8s.io/v1', 'scheduling.k8s.io/v1beta1'],
    namespaced: false,
    nameRule: 'subdomain',
    shape: { value: INT, globalDefault: BOOL, preemptionPolicy: STRING, description: STRING },
    checks: [
      requiredFields(['value']),
      enumField(['preemptionPolicy'], ['PreemptLowerPriority', 'Never']),
      (o, out) => {
        if (typeof o.value === 'number' && o.value > 1_000_000_000 && !String((o.metadata as Obj | undefined)?.name ?? '').startsWith('system-')) {
          out.push(invalid(['value'], o.value, 'must be no greater than 1000000000 (reserved for system priority classes)'));
        }
      },
    ],
  },
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersions: ['autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1'],
    namespaced: true,
    nameRule: 'subdomain',
    shape: {
      spec: obj('HorizontalPodAutoscalerSpec', {
        scaleTargetRef: obj('CrossVersionObjectReference', { apiVersion: STRING, kind: STRING, name: STRING }),
        minReplicas: INT,
        maxReplicas: INT,
        targetCPUUtilizationPercentage: INT,
        metrics: arr(obj('MetricSpec', {
          type: STRING,
          resource: obj('ResourceMetricSource', {
            name: STRING,
            target: obj('MetricTarget', { type: STRING, averageUtilization: INT, averageValue: QUANTITY, value: QUANTITY }),
          }),
        })),
        behavior: ANY,
      }),
    },
    checks: [
      requiredFields(['spec', 'scaleTargetRef', 'kind'], ['spec', 'scaleTargetRef', 'name'], ['spec', 'maxReplicas']),
      hpaReplicas,
      (o, out) => {
        const v = isObj(o.spec) ? o.spec.targetCPUUtilizationPercentage : undefined;
        atLeast(v, 1, ['spec', 'targetCPUUtilizationPercentage'], out);
      },
      // validateMetricSpec: a Resource metric must populate `resource`, with a target (validateMetricTarget).
      (o, out) => {
        const ms = isObj(o.spec) && Array.isArray(o.spec.metrics) ? o.spec.metrics : [];
        ms.forEach((m, i) => {
          if (!isObj(m) || m.type !== 'Resource') return;
          if (!isObj(m.resource)) out.push(required(['spec', 'metrics', i, 'resource']));
          else if (!isObj(m.resource.target)) out.push(required(['spec', 'metrics', i, 'resource', 'target']));
        });
      },
    ],
  },
];

const BY_KIND = new Map(KIND_RULES.map((r) => [r.kind, r]));

export function kindRule(kind: string): KindRule | undefined {
  return BY_KIND.get(kind);
}

/** The top-level shape of an object of `rule`'s kind. */
export function objectShape(rule: KindRule): Shape {
  return obj(rule.kind, { apiVersion: STRING, kind: STRING, metadata: OBJECT_META, ...rule.shape });
}

