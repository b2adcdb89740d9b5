import {
  ANY, BOOL, INT, INT_OR_STRING, NUMBER, QUANTITY, STRING, STRING_LIST, STRING_MAP, Shape, arr, mapOf, obj,
} from './schema';

/** JSON shapes of the known fields of the API types kubesim reads (k8s.io/api field names). */

export const OBJECT_META = obj('ObjectMeta', {
  name: STRING,
  generateName: STRING,
  namespace: STRING,
  labels: STRING_MAP,
  annotations: STRING_MAP,
  ownerReferences: arr(obj('OwnerReference', { apiVersion: STRING, kind: STRING, name: STRING, uid: STRING, controller: BOOL })),
});

export const LABEL_SELECTOR = obj('LabelSelector', {
  matchLabels: STRING_MAP,
  matchExpressions: arr(obj('LabelSelectorRequirement', { key: STRING, operator: STRING, values: STRING_LIST })),
});

export const RESOURCE_LIST = mapOf(QUANTITY);
export const RESOURCE_REQUIREMENTS = obj('ResourceRequirements', { requests: RESOURCE_LIST, limits: RESOURCE_LIST });

const HANDLER_FIELDS: Record<string, Shape> = {
  exec: obj('ExecAction', { command: STRING_LIST }),
  httpGet: obj('HTTPGetAction', { path: STRING, port: INT_OR_STRING, host: STRING, scheme: STRING }),
  tcpSocket: obj('TCPSocketAction', { port: INT_OR_STRING, host: STRING }),
};

export const PROBE = obj('Probe', {
  ...HANDLER_FIELDS,
  grpc: obj('GRPCAction', { port: INT, service: STRING }),
  initialDelaySeconds: INT,
  timeoutSeconds: INT,
  periodSeconds: INT,
  successThreshold: INT,
  failureThreshold: INT,
  terminationGracePeriodSeconds: INT,
});

const LIFECYCLE_HANDLER = obj('LifecycleHandler', { ...HANDLER_FIELDS, sleep: obj('SleepAction', { seconds: INT }) });

export const CONTAINER = obj('Container', {
  name: STRING,
  image: STRING,
  imagePullPolicy: STRING,
  command: STRING_LIST,
  args: STRING_LIST,
  workingDir: STRING,
  env: arr(obj('EnvVar', { name: STRING, value: STRING, valueFrom: obj('EnvVarSource', {}) })),
  ports: arr(obj('ContainerPort', { containerPort: INT, hostPort: INT, name: STRING, protocol: STRING, hostIP: STRING })),
  resources: RESOURCE_REQUIREMENTS,
  startupProbe: PROBE,
  readinessProbe: PROBE,
  livenessProbe: PROBE,
  lifecycle: obj('Lifecycle', { preStop: LIFECYCLE_HANDLER, postStart: LIFECYCLE_HANDLER }),
  restartPolicy: STRING,
  volumeMounts: arr(obj('VolumeMount', { name: STRING, mountPath: STRING, readOnly: BOOL, subPath: STRING })),
});

const NODE_SELECTOR_REQUIREMENT = obj('NodeSelectorRequirement', { key: STRING, operator: STRING, values: STRING_LIST });
const NODE_SELECTOR_TERM = obj('NodeSelectorTerm', {
  matchExpressions: arr(NODE_SELECTOR_REQUIREMENT),
  matchFields: arr(NODE_SELECTOR_REQUIREMENT),
});
const POD_AFFINITY_TERM = obj('PodAffinityTerm', {
  labelSelector: LABEL_SELECTOR,
  namespaces: STRING_LIST,
  namespaceSelector: LABEL_SELECTOR,
  topologyKey: STRING,
  matchLabelKeys: STRING_LIST,
  mismatchLabelKeys: STRING_LIST,
});
const POD_AFFINITY = obj('PodAffinity', {
  requiredDuringSchedulingIgnoredDuringExecution: arr(POD_AFFINITY_TERM),
  preferredDuringSchedulingIgnoredDuringExecution: arr(
    obj('WeightedPodAffinityTerm', { weight: INT, podAffinityTerm: POD_AFFINITY_TERM }),
  ),
});
export const AFFINITY = obj('Affinity', {
  nodeAffinity: obj('NodeAffinity', {
    requiredDuringSchedulingIgnoredDuringExecution: obj('NodeSelector', { nodeSelectorTerms: arr(NODE_SELECTOR_TERM) }),
    preferredDuringSchedulingIgnoredDuringExecution: arr(
      obj('PreferredSchedulingTerm', { weight: INT, preference: NODE_SELECTOR_TERM }),
    ),
  }),
  podAffinity: POD_AFFINITY,
  podAntiAffinity: POD_AFFINITY,
});

export const TOLERATION = obj('Toleration', {
  key: STRING,
  operator: STRING,
  value: STRING,
  effect: STRING,
  tolerationSeconds: INT,
});

export const POD_SPEC = obj('PodSpec', {
  containers: arr(CONTAINER),
  initContainers: arr(CONTAINER),
  nodeName: STRING,
  nodeSelector: STRING_MAP,
  affinity: AFFINITY,
  tolerations: arr(TOLERATION),
  topologySpreadConstraints: arr(
    obj('TopologySpreadConstraint', {
      maxSkew: INT,
      topologyKey: STRING,
      whenUnsatisfiable: STRING,
      labelSelector: LABEL_SELECTOR,
      minDomains: INT,
      nodeAffinityPolicy: STRING,
      nodeTaintsPolicy: STRING,
      matchLabelKeys: STRING_LIST,
    }),
  ),
  schedulerName: STRING,
  priorityClassName: STRING,
  priority: INT,
  preemptionPolicy: STRING,
  restartPolicy: STRING,
  terminationGracePeriodSeconds: INT,
  activeDeadlineSeconds: INT,
  overhead: RESOURCE_LIST,
  resources: RESOURCE_REQUIREMENTS,
  hostname: STRING,
  subdomain: STRING,
  serviceAccountName: STRING,
  hostNetwork: BOOL,
  volumes: arr(obj('Volume', { name: STRING })),
  schedulingGates: arr(obj('PodSchedulingGate', { name: STRING })),
});

export const POD_TEMPLATE = obj('PodTemplateSpec', { metadata: OBJECT_META, spec: POD_SPEC });

export const TAINT = obj('Taint', { key: STRING, value: STRING, effect: STRING });

export { ANY, BOOL, INT, INT_OR_STRING, NUMBER, QUANTITY, STRING, STRING_LIST, STRING_MAP };
