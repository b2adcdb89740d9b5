/**
 * Load-time defaulting of manifest objects, only where upstream's API-server defaulting does it
 * (pkg/apis/<group>/v1/defaults.go SetDefaults_* functions). Each default names its upstream
 * function and field. Objects are plain JSON trees; every function mutates its argument in place
 * and is idempotent. Call after validation: defaulting assumes the types are right.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

function objAt(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (isObj(v)) return v;
  const fresh: Obj = {};
  parent[key] = fresh;
  return fresh;
}

/** kubectl's namespace when a namespaced object names none (the context default). */
export const DEFAULT_NAMESPACE = 'default';

/** The defaults for one object of a kind kubesim reads; unknown kinds are left as they are. */
export function applyObjectDefaults(o: Obj): void {
  // An omitted PodDisruptionBudget spec decodes as the zero PodDisruptionBudgetSpec.
  if (o.kind === 'PodDisruptionBudget' && o.spec == null) o.spec = {};
  const spec = isObj(o.spec) ? o.spec : undefined;
  switch (o.kind) {
    case 'Pod':
      applyPodDefaults(o);
      return;
    case 'ReplicaSet':
      if (!spec) return;
      // apps/v1 SetDefaults_ReplicaSet: Replicas = 1.
      if (unset(spec.replicas)) spec.replicas = 1;
      templateDefaults(spec);
      return;
    case 'Deployment':
      if (!spec) return;
      deploymentDefaults(spec);
      templateDefaults(spec);
      return;
    case 'StatefulSet':
      if (!spec) return;
      statefulSetDefaults(spec);
      templateDefaults(spec);
      return;
    case 'DaemonSet':
      if (!spec) return;
      daemonSetDefaults(spec);
      templateDefaults(spec);
      return;
    case 'ReplicationController':
      if (!spec) return;
      replicationControllerDefaults(o, spec);
      templateDefaults(spec);
      return;
    case 'Job':
      if (!spec) return;
      jobDefaults(spec);
      templateDefaults(spec);
      return;
    case 'CronJob': {
      if (!spec) return;
      cronJobDefaults(spec);
      const jt = spec.jobTemplate;
      if (isObj(jt) && isObj(jt.spec)) templateDefaults(jt.spec);
      return;
    }
    case 'Service':
      if (spec) serviceDefaults(spec);
      return;
    case 'HorizontalPodAutoscaler':
      // autoscaling SetDefaults_HorizontalPodAutoscaler: MinReplicas = 1.
      if (spec && unset(spec.minReplicas)) spec.minReplicas = 1;
      return;
    case 'PriorityClass':
      // scheduling/v1 SetDefaults_PriorityClass: PreemptionPolicy = PreemptLowerPriority.
      if (unset(o.preemptionPolicy)) o.preemptionPolicy = 'PreemptLowerPriority';
      return;
  }
}

function templateDefaults(spec: Obj): void {
  const t = spec.template;
  // Pods made from a template get SetDefaults_Pod (limits copied into unset requests) when the
  // API server creates them; kubesim applies it to the template once instead, which gives every
  // such pod the same requests without defaulting 150,000 pod objects (docs/simplifications.md).
  if (isObj(t) && isObj(t.spec)) applyPodDefaults(t);
}

function deploymentDefaults(spec: Obj): void {
  // apps/v1 SetDefaults_Deployment: Replicas = 1.
  if (unset(spec.replicas)) spec.replicas = 1;
  const strategy = objAt(spec, 'strategy');
  // apps/v1 SetDefaults_Deployment: Strategy.Type = RollingUpdate.
  if (unset(strategy.type) || strategy.type === '') strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = objAt(strategy, 'rollingUpdate');
    // apps/v1 SetDefaults_Deployment: RollingUpdate.MaxUnavailable = 25%, MaxSurge = 25%.
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (unset(ru.maxSurge)) ru.maxSurge = '25%';
  }
  // apps/v1 SetDefaults_Deployment: RevisionHistoryLimit = 10.
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  // apps/v1 SetDefaults_Deployment: ProgressDeadlineSeconds = 600.
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
}

function statefulSetDefaults(spec: Obj): void {
  // apps/v1 SetDefaults_StatefulSet: PodManagementPolicy = OrderedReady.
  if (unset(spec.podManagementPolicy)) spec.podManagementPolicy = 'OrderedReady';
  const us = objAt(spec, 'updateStrategy');
  // apps/v1 SetDefaults_StatefulSet: UpdateStrategy.Type = RollingUpdate, RollingUpdate.Partition = 0.
  if (unset(us.type)) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = objAt(us, 'rollingUpdate');
    if (unset(ru.partition)) ru.partition = 0;
  }
  // apps/v1 SetDefaults_StatefulSet: Replicas = 1, RevisionHistoryLimit = 10.
  if (unset(spec.replicas)) spec.replicas = 1;
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
}

function daemonSetDefaults(spec: Obj): void {
  const us = objAt(spec, 'updateStrategy');
  // apps/v1 SetDefaults_DaemonSet: UpdateStrategy.Type = RollingUpdate.
  if (unset(us.type)) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = objAt(us, 'rollingUpdate');
    // apps/v1 SetDefaults_DaemonSet: RollingUpdate.MaxUnavailable = 1, MaxSurge = 0.
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  // apps/v1 SetDefaults_DaemonSet: RevisionHistoryLimit = 10.
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
}

function replicationControllerDefaults(o: Obj, spec: Obj): void {
  const t = spec.template;
  const tl = isObj(t) && isObj(t.metadata) && isObj(t.metadata.labels) ? t.metadata.labels : undefined;
  if (tl) {
    // core/v1 SetDefaults_ReplicationController: Selector = template labels when empty.
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...tl };
    // core/v1 SetDefaults_ReplicationController: metadata.labels = template labels when empty.
    const meta = objAt(o, 'metadata');
    if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...tl };
  }
  // core/v1 SetDefaults_ReplicationController: Replicas = 1.
  if (unset(spec.replicas)) spec.replicas = 1;
}

function jobDefaults(spec: Obj): void {
  // batch/v1 SetDefaults_Job: Completions and Parallelism both unset → both 1; Parallelism unset → 1.
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  // batch/v1 SetDefaults_Job: BackoffLimit = 6 (MaxInt32 when backoffLimitPerIndex is set).
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : 2147483647;
  // batch/v1 SetDefaults_Job: CompletionMode = NonIndexed.
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  // batch/v1 SetDefaults_Job: Suspend = false.
  if (unset(spec.suspend)) spec.suspend = false;
}

function cronJobDefaults(spec: Obj): void {
  // batch/v1 SetDefaults_CronJob: ConcurrencyPolicy = Allow.
  if (unset(spec.concurrencyPolicy)) spec.concurrencyPolicy = 'Allow';
  // batch/v1 SetDefaults_CronJob: Suspend = false.
  if (unset(spec.suspend)) spec.suspend = false;
  // batch/v1 SetDefaults_CronJob: SuccessfulJobsHistoryLimit = 3, FailedJobsHistoryLimit = 1.
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
}

function serviceDefaults(spec: Obj): void {
  // core/v1 SetDefaults_Service: Type = ClusterIP, SessionAffinity = None.
  if (unset(spec.type)) spec.type = 'ClusterIP';
  if (unset(spec.sessionAffinity)) spec.sessionAffinity = 'None';
  if (!Array.isArray(spec.ports)) return;
  for (const p of spec.ports) {
    if (!isObj(p)) continue;
    // core/v1 SetDefaults_Service: ports[].Protocol = TCP; TargetPort = Port when unset or zero.
    if (unset(p.protocol)) p.protocol = 'TCP';
    if (unset(p.targetPort) || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
}

/**
 * core/v1 SetDefaults_Pod: for each container, a resource with a limit and no request gets a
 * request equal to the limit; then the PodSpec defaults. Controllers that create pods from a
 * template call this on the new pod, as the API server would on create.
 */
export function applyPodDefaults(pod: Obj): void {
  const spec = pod.spec;
  if (!isObj(spec)) return;
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isObj(c) || !isObj(c.resources) || !isObj(c.resources.limits)) continue;
      const res = c.resources;
      const limits = res.limits as Obj;
      const requests = objAt(res, 'requests');
      for (const [name, q] of Object.entries(limits)) if (unset(requests[name])) requests[name] = q;
    }
  }
  applyPodSpecDefaults(spec);
}

/** core/v1 SetDefaults_PodSpec and the defaults of the types nested in it. */
export function applyPodSpecDefaults(spec: Obj): void {
  // core/v1 SetDefaults_PodSpec: RestartPolicy = Always.
  if (unset(spec.restartPolicy) || spec.restartPolicy === '') spec.restartPolicy = 'Always';
  // core/v1 SetDefaults_PodSpec: TerminationGracePeriodSeconds = 30 (DefaultTerminationGracePeriodSeconds).
  if (unset(spec.terminationGracePeriodSeconds)) spec.terminationGracePeriodSeconds = 30;
  // core/v1 SetDefaults_PodSpec: SchedulerName = "default-scheduler" (DefaultSchedulerName).
  if (unset(spec.schedulerName) || spec.schedulerName === '') spec.schedulerName = 'default-scheduler';
  // core/v1 SetDefaults_PodSpec: DNSPolicy = ClusterFirst.
  if (unset(spec.dnsPolicy)) spec.dnsPolicy = 'ClusterFirst';
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (isObj(c)) containerDefaults(c);
  }
}

function containerDefaults(c: Obj): void {
  // resource.Quantity's UnmarshalJSON reads null as the zero quantity.
  if (isObj(c.resources)) {
    for (const list of [c.resources.requests, c.resources.limits]) if (isObj(list)) for (const n of Object.keys(list)) if (list[n] === null) list[n] = '0';
  }
  // core/v1 SetDefaults_Container: ImagePullPolicy = Always for ":latest" or untagged images, else IfNotPresent.
  if (unset(c.imagePullPolicy) || c.imagePullPolicy === '') {
    c.imagePullPolicy = typeof c.image === 'string' && pullsAlways(c.image) ? 'Always' : 'IfNotPresent';
  }
  if (Array.isArray(c.ports)) {
    // core/v1 SetDefaults_ContainerPort: Protocol = TCP.
    for (const p of c.ports) if (isObj(p) && unset(p.protocol)) p.protocol = 'TCP';
  }
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[name];
    if (isObj(p)) probeDefaults(p);
  }
}

/** The image has no tag (and no digest), or the tag "latest" (parsers.ParseImageName's tag). */
function pullsAlways(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon < 0 || image.slice(colon + 1) === 'latest';
}

function probeDefaults(p: Obj): void {
  // core/v1 SetDefaults_Probe: TimeoutSeconds = 1, PeriodSeconds = 10, SuccessThreshold = 1, FailureThreshold = 3.
  if (unset(p.timeoutSeconds) || p.timeoutSeconds === 0) p.timeoutSeconds = 1;
  if (unset(p.periodSeconds) || p.periodSeconds === 0) p.periodSeconds = 10;
  if (unset(p.successThreshold) || p.successThreshold === 0) p.successThreshold = 1;
  if (unset(p.failureThreshold) || p.failureThreshold === 0) p.failureThreshold = 3;
  const h = p.httpGet;
  if (isObj(h)) {
    // core/v1 SetDefaults_HTTPGetAction: Path = "/", Scheme = HTTP.
    if (unset(h.path) || h.path === '') h.path = '/';
    if (unset(h.scheme) || h.scheme === '') h.scheme = 'HTTP';
  }
}
