import { FieldError, FieldPath, duplicate, forbidden, invalid, required } from './field-error';
import { qualifiedNameErrors } from './names';
import {
  Obj, atLeast, dnsLabel, dnsSubdomain, inRange, isObj, labelSelector, labels, nonNegative, oneOf, resourceList,
  resourceRequirements,
} from './common';

/**
 * core/v1 validation of a PodSpec (pkg/apis/core/validation ValidatePodSpec), limited to the fields
 * kubesim simulates. `allowedRestartPolicies` narrows spec.restartPolicy for templates of
 * workloads (Deployment pods must use Always, Job pods OnFailure or Never).
 */
export function validatePodSpec(
  spec: unknown,
  path: FieldPath,
  out: FieldError[],
  allowedRestartPolicies: readonly string[] = ['Always', 'OnFailure', 'Never'],
): void {
  if (!isObj(spec)) {
    out.push(required([...path, 'containers']));
    return;
  }
  const names = new Set<string>();
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) out.push(required([...path, 'containers']));
  else containers.forEach((c, i) => container(c, [...path, 'containers', i], names, false, out));
  if (Array.isArray(spec.initContainers)) {
    spec.initContainers.forEach((c, i) => container(c, [...path, 'initContainers', i], names, true, out));
  }
  if (spec.restartPolicy !== undefined) {
    if (typeof spec.restartPolicy === 'string' && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
      oneOf(spec.restartPolicy, ['Always', 'OnFailure', 'Never'], [...path, 'restartPolicy'], out);
    } else {
      oneOf(spec.restartPolicy, allowedRestartPolicies, [...path, 'restartPolicy'], out);
    }
  }
  nonNegative(spec.terminationGracePeriodSeconds, [...path, 'terminationGracePeriodSeconds'], out);
  inRange(spec.activeDeadlineSeconds, 1, 2147483647, [...path, 'activeDeadlineSeconds'], out);
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') dnsSubdomain(spec.nodeName, [...path, 'nodeName'], out);
  labels(spec.nodeSelector, [...path, 'nodeSelector'], out);
  oneOf(spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'], [...path, 'preemptionPolicy'], out);
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '') {
    dnsSubdomain(spec.priorityClassName, [...path, 'priorityClassName'], out);
  }
  resourceList(spec.overhead, [...path, 'overhead'], out);
  resourceRequirements(spec.resources, [...path, 'resources'], out);
  if (Array.isArray(spec.tolerations)) spec.tolerations.forEach((t, i) => toleration(t, [...path, 'tolerations', i], out));
  if (isObj(spec.affinity)) affinity(spec.affinity, [...path, 'affinity'], out);
  if (Array.isArray(spec.topologySpreadConstraints)) {
    spec.topologySpreadConstraints.forEach((c, i) => spreadConstraint(c, [...path, 'topologySpreadConstraints', i], out));
  }
}

function container(c: unknown, path: FieldPath, names: Set<string>, init: boolean, out: FieldError[]): void {
  // A null list item decodes as the zero Container (no name, no image).
  if (c === null) c = {};
  if (!isObj(c)) return;
  if (c.name === undefined || c.name === '') out.push(required([...path, 'name']));
  else if (typeof c.name === 'string') {
    dnsLabel(c.name, [...path, 'name'], out);
    if (names.has(c.name)) out.push(duplicate([...path, 'name'], c.name));
    names.add(c.name);
  }
  if (c.image === undefined || c.image === null || c.image === '') out.push(required([...path, 'image']));
  else if (typeof c.image === 'string' && c.image.trim() !== c.image) {
    out.push(invalid([...path, 'image'], c.image, 'must not have leading or trailing whitespace'));
  }
  oneOf(c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never'], [...path, 'imagePullPolicy'], out);
  if (c.restartPolicy !== undefined) {
    if (init) oneOf(c.restartPolicy, ['Always'], [...path, 'restartPolicy'], out);
    else out.push(forbidden([...path, 'restartPolicy'], 'may not be set for non-init containers'));
  }
  if (Array.isArray(c.ports)) c.ports.forEach((p, i) => port(p, [...path, 'ports', i], out));
  resourceRequirements(c.resources, [...path, 'resources'], out);
  probe(c.startupProbe, [...path, 'startupProbe'], true, out);
  probe(c.livenessProbe, [...path, 'livenessProbe'], true, out);
  probe(c.readinessProbe, [...path, 'readinessProbe'], false, out);
  if (init && c.restartPolicy !== 'Always') {
    for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (c[p] !== undefined && c[p] !== null) out.push(forbidden([...path, p], 'may not be set for init containers without restartPolicy=Always'));
    }
  }
}

function port(p: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(p)) return;
  if (p.containerPort === undefined || p.containerPort === 0) out.push(required([...path, 'containerPort']));
  else inRange(p.containerPort, 1, 65535, [...path, 'containerPort'], out);
  if (p.hostPort !== undefined && p.hostPort !== 0) inRange(p.hostPort, 1, 65535, [...path, 'hostPort'], out);
  oneOf(p.protocol, ['SCTP', 'TCP', 'UDP'], [...path, 'protocol'], out);
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/** validateProbe + validateHandler: one handler, thresholds ≥ 1, successThreshold 1 for liveness/startup. */
function probe(p: unknown, path: FieldPath, mustSucceedOnce: boolean, out: FieldError[]): void {
  if (!isObj(p)) return;
  const handlers = HANDLERS.filter((h) => p[h] !== undefined && p[h] !== null);
  if (handlers.length === 0) out.push(required(path, 'must specify a handler type'));
  else if (handlers.length > 1) out.push(forbidden([...path, handlers[1]], 'may not specify more than 1 handler type'));
  nonNegative(p.initialDelaySeconds, [...path, 'initialDelaySeconds'], out);
  for (const f of ['timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) atLeast(p[f], 1, [...path, f], out);
  if (mustSucceedOnce && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    out.push(invalid([...path, 'successThreshold'], p.successThreshold, 'must be 1'));
  }
  if (isObj(p.httpGet)) probePort(p.httpGet.port, [...path, 'httpGet', 'port'], out);
  if (isObj(p.tcpSocket)) probePort(p.tcpSocket.port, [...path, 'tcpSocket', 'port'], out);
  if (isObj(p.grpc)) {
    if (p.grpc.port === undefined) out.push(required([...path, 'grpc', 'port']));
    else inRange(p.grpc.port, 1, 65535, [...path, 'grpc', 'port'], out);
  }
}

const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** ValidatePortNumOrName: 1–65535, or an IANA service name (≤ 15 chars, at least one letter). */
function probePort(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (v === undefined) {
    out.push(required(path));
  } else if (typeof v === 'number') {
    inRange(v, 1, 65535, path, out);
  } else if (typeof v === 'string') {
    if (v.length > 15 || !IANA_SVC_NAME.test(v) || !/[a-z]/.test(v) || v.includes('--')) {
      out.push(invalid(path, v, 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), at most 15 characters, with at least one letter'));
    }
  }
}

/** validateTolerations. */
function toleration(t: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(t)) return;
  const key = typeof t.key === 'string' ? t.key : '';
  if (key !== '') for (const m of qualifiedNameErrors(key)) out.push(invalid([...path, 'key'], key, m));
  const op = t.operator ?? 'Equal';
  if (key === '' && op !== 'Exists') {
    out.push(invalid([...path, 'operator'], op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
  }
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
    out.push(invalid([...path, 'effect'], t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  }
  if (op === 'Exists' && typeof t.value === 'string' && t.value !== '') {
    out.push(invalid([...path, 'operator'], t.value, "value must be empty when `operator` is 'Exists'"));
  } else {
    oneOf(op, ['Equal', 'Exists'], [...path, 'operator'], out);
  }
  if (t.effect !== undefined && t.effect !== '') oneOf(t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], [...path, 'effect'], out);
}

/** ValidateNodeSelectorRequirement: operator and value-count rules of node affinity. */
function nodeSelectorTerm(term: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(term)) return;
  for (const field of ['matchExpressions', 'matchFields']) {
    const reqs = term[field];
    if (!Array.isArray(reqs)) continue;
    reqs.forEach((r, i) => {
      if (!isObj(r)) return;
      const p = [...path, field, i];
      const values = Array.isArray(r.values) ? r.values : [];
      switch (r.operator) {
        case 'In':
        case 'NotIn':
          if (values.length === 0) out.push(required([...p, 'values'], 'must be specified when `operator` is \'In\' or \'NotIn\''));
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (values.length > 0) out.push(forbidden([...p, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
          break;
        case 'Gt':
        case 'Lt':
          if (values.length !== 1) out.push(required([...p, 'values'], "must be specified single value when `operator` is 'Lt' or 'Gt'"));
          break;
        case undefined:
          out.push(required([...p, 'operator']));
          break;
        default:
          oneOf(r.operator, ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], [...p, 'operator'], out);
      }
      if (typeof r.key === 'string' && field === 'matchExpressions') {
        for (const m of qualifiedNameErrors(r.key)) out.push(invalid([...p, 'key'], r.key, m));
      }
    });
  }
}

function weight(v: unknown, path: FieldPath, out: FieldError[]): void {
  if (typeof v === 'number' && (v < 1 || v > 100)) out.push(invalid(path, v, 'must be in the range 1-100'));
}

function podAffinityTerm(term: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(term)) return;
  if (term.topologyKey === undefined || term.topologyKey === '') out.push(required([...path, 'topologyKey'], 'can not be empty'));
  else if (typeof term.topologyKey === 'string') {
    for (const m of qualifiedNameErrors(term.topologyKey)) out.push(invalid([...path, 'topologyKey'], term.topologyKey, m));
  }
  labelSelector(term.labelSelector, [...path, 'labelSelector'], out);
  labelSelector(term.namespaceSelector, [...path, 'namespaceSelector'], out);
}

/** validateAffinity: node affinity terms and pod (anti-)affinity terms. */
function affinity(a: Obj, path: FieldPath, out: FieldError[]): void {
  const na = a.nodeAffinity;
  if (isObj(na)) {
    const reqPath = [...path, 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObj(req)) {
      const terms = req.nodeSelectorTerms;
      if (!Array.isArray(terms) || terms.length === 0) out.push(required([...reqPath, 'nodeSelectorTerms'], 'must have at least one node selector term'));
      else terms.forEach((t, i) => nodeSelectorTerm(t, [...reqPath, 'nodeSelectorTerms', i], out));
    }
    const pref = na.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(pref)) {
      pref.forEach((p, i) => {
        const pp = [...path, 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
        if (!isObj(p)) return;
        weight(p.weight, [...pp, 'weight'], out);
        if (p.preference === undefined) out.push(required([...pp, 'preference']));
        else nodeSelectorTerm(p.preference, [...pp, 'preference'], out);
      });
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = a[kind];
    if (!isObj(pa)) continue;
    const req = pa.requiredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(req)) req.forEach((t, i) => podAffinityTerm(t, [...path, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i], out));
    const pref = pa.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(pref)) {
      pref.forEach((w, i) => {
        const wp = [...path, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i];
        if (!isObj(w)) return;
        weight(w.weight, [...wp, 'weight'], out);
        podAffinityTerm(w.podAffinityTerm, [...wp, 'podAffinityTerm'], out);
      });
    }
  }
}

/** validateTopologySpreadConstraints. */
function spreadConstraint(c: unknown, path: FieldPath, out: FieldError[]): void {
  if (!isObj(c)) return;
  if (typeof c.maxSkew === 'number' && c.maxSkew <= 0) out.push(invalid([...path, 'maxSkew'], c.maxSkew, 'must be greater than zero'));
  if (c.topologyKey === undefined || c.topologyKey === '') out.push(required([...path, 'topologyKey'], 'can not be empty'));
  if (c.whenUnsatisfiable === undefined) out.push(required([...path, 'whenUnsatisfiable']));
  else oneOf(c.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'], [...path, 'whenUnsatisfiable'], out);
  if (typeof c.minDomains === 'number' && c.minDomains <= 0) out.push(invalid([...path, 'minDomains'], c.minDomains, 'must be greater than 0'));
  oneOf(c.nodeAffinityPolicy, ['Honor', 'Ignore'], [...path, 'nodeAffinityPolicy'], out);
  oneOf(c.nodeTaintsPolicy, ['Honor', 'Ignore'], [...path, 'nodeTaintsPolicy'], out);
  labelSelector(c.labelSelector, [...path, 'labelSelector'], out);
}
