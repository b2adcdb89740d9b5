import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, Problem, loadManifestFile } from '../src/scenario/load';
import { validateObject } from '../src/api/validation/validate';
import { pathString } from '../src/api/validation/field-error';
import { applyObjectDefaults } from '../src/api/validation/defaults';

const FIXTURES = '/work/shared/fixtures/manifests';

function manifestFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => join(dir, f));
}

function problemsOf(file: string): Problem[] {
  try {
    loadManifestFile(file);
  } catch (e) {
    assert.ok(e instanceof InputError, `${file}: expected InputError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail(`${file}: expected an InputError`);
}

test('every valid fixture manifest loads without problems', () => {
  const files = [...manifestFiles(FIXTURES), ...manifestFiles(join(FIXTURES, '_extra'))];
  assert.ok(files.length >= 30);
  for (const f of files) {
    const r = loadManifestFile(f);
    assert.ok(r.objects.length + r.ignored.length > 0, f);
    for (const o of r.objects) assert.match(o.at, /:\d+:\d+$/);
  }
});

test('kinds kubesim does not simulate are counted as ignored, by kind', () => {
  const r = loadManifestFile(join(FIXTURES, 'k8sweb__admin__sched__my-scheduler.yaml'));
  assert.deepEqual(r.ignored, [
    { kind: 'ServiceAccount', count: 1 },
    { kind: 'ClusterRoleBinding', count: 2 },
    { kind: 'ConfigMap', count: 1 },
  ]);
  assert.deepEqual(r.objects.map((o) => o.object.kind), ['Deployment']);
});

test('a multi-document file keeps file order and each object its first line', () => {
  const r = loadManifestFile(join(FIXTURES, 'k8sweb__application__zookeeper__zookeeper.yaml'));
  assert.deepEqual(r.objects.map((o) => o.object.kind), ['Service', 'Service', 'PodDisruptionBudget', 'StatefulSet']);
  assert.deepEqual(r.objects.map((o) => Number(o.at.split(':').at(-2))), [1, 17, 30, 40]);
});

test('every _invalid fixture fails with positioned problems that name a path', () => {
  for (const f of manifestFiles(join(FIXTURES, '_invalid'))) {
    const ps = problemsOf(f);
    assert.ok(ps.length > 0, f);
    for (const p of ps) {
      assert.equal(p.file, f);
      assert.ok(p.line >= 1 && p.col >= 1, `${f}: ${p.line}:${p.col}`);
      assert.notEqual(p.path, '', `${f}: ${p.message}`);
    }
  }
});

test('_invalid: a tab used as indentation is a YAML syntax error at its line', () => {
  const [p] = problemsOf(join(FIXTURES, '_invalid', 'k8sweb__controllers__job-pod-failure-policy-ignore.yaml'));
  assert.equal(p.line, 24);
  assert.match(p.message, /Tabs are not allowed/);
  assert.match(p.path, /^spec\.podFailurePolicy\.rules\[0\]/);
});

test('_invalid: a manifest without apiVersion is rejected', () => {
  const ps = problemsOf(join(FIXTURES, '_invalid', 'k8sweb__pods__inject__pod-single-secret-env-variable.yaml'));
  assert.deepEqual(ps.map((p) => [p.path, p.message, p.line, p.col]), [['apiVersion', 'Required value', 1, 1]]);
});

test('_invalid: a list where NodeSelector (an object) belongs is a type error at that field', () => {
  const ps = problemsOf(join(FIXTURES, '_invalid', 'k8sweb__pods__pod-with-node-affinity.yaml'));
  assert.equal(ps.length, 1);
  assert.equal(ps[0].path, 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution');
  assert.equal(ps[0].line, 9);
  assert.match(ps[0].message, /must be an object \(NodeSelector\), got a list/);
});

function deployment(spec: Record<string, unknown> = {}, template: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'shop/web:v1', ...template }] },
      },
      ...spec,
    },
  };
}

function errorsOf(o: unknown): string[] {
  return validateObject(o).errors.map((e) => `${pathString(e.path)}: ${e.message}`);
}

test('validation rules (table): upstream field-error messages', () => {
  const QUANTITY = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
  const cases: [string, unknown, string[]][] = [
    ['valid deployment', deployment(), []],
    ['replicas < 0 (ValidateNonnegativeField)', deployment({ replicas: -1 }), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['replicas above the kubesim limit', deployment({ replicas: 2_000_000 }), ['spec.replicas: Invalid value: 2000000: the limit is 1000000 replicas (raise it with --limit maxReplicas=2000000)']],
    [
      'maxSurge and maxUnavailable both 0',
      deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0'],
    ],
    ['maxUnavailable 0 alone is fine (maxSurge defaults to 25%)', deployment({ strategy: { rollingUpdate: { maxUnavailable: 0 } } }), []],
    [
      'selector does not match template labels',
      deployment({ selector: { matchLabels: { app: 'x' } } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ],
    ['selector required', deployment({ selector: undefined }), ['spec.selector: Required value']],
    ['template required', deployment({ template: undefined }), ['spec.template: Required value']],
    [
      'cpu quantity',
      deployment({}, { resources: { requests: { cpu: '2x' } } }),
      [`spec.template.spec.containers[0].resources.requests.cpu: Invalid value: "2x": ${QUANTITY}`],
    ],
    [
      'request above limit',
      deployment({}, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }),
      ['spec.template.spec.containers[0].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    ['container image required', deployment({}, { image: '' }), ['spec.template.spec.containers[0].image: Required value']],
    [
      'container port range',
      deployment({}, { ports: [{ containerPort: 70000 }] }),
      ['spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'probe threshold ≥ 1',
      deployment({}, { readinessProbe: { tcpSocket: { port: 80 }, failureThreshold: 0 } }),
      ['spec.template.spec.containers[0].readinessProbe.failureThreshold: Invalid value: 0: must be greater than or equal to 1'],
    ],
    [
      'liveness successThreshold must be 1',
      deployment({}, { livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 } }),
      ['spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'restartPolicy of a Deployment template',
      deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'b' }] } } }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    ['a known field with the wrong type', deployment({ replicas: 'three' }), ['spec.replicas: Invalid value: "three": must be an integer, got a string']],
    ['unknown fields are accepted', deployment({ someFutureField: { x: 1 } }, { volumeMounts: [], whatever: true }), []],
    [
      'names are DNS-1123 subdomains',
      { ...deployment(), metadata: { name: 'Web_1' } },
      [
        "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['metadata.name required', { ...deployment(), metadata: {} }, ['metadata.name: Required value: name or generateName is required']],
    ['unsupported apiVersion', { ...deployment(), apiVersion: 'extensions/v1beta1' }, ['apiVersion: Unsupported value: "extensions/v1beta1": supported values: "apps/v1"']],
    ['ignored kind: no errors', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Checked' } }, []],
    [
      'Job pods must not restart Always',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } },
      ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ],
    [
      'StatefulSet selector required',
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'a', image: 'b' }] } } } },
      ['spec.selector: Required value'],
    ],
    [
      'PodDisruptionBudget: minAvailable and maxUnavailable exclusive',
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, maxUnavailable: 1 } },
      ['spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set'],
    ],
    [
      'HPA maxReplicas required',
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } } },
      ['spec.maxReplicas: Required value'],
    ],
    [
      'Service ports required',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } },
      ['spec.ports: Required value'],
    ],
  ];
  for (const [name, obj, expected] of cases) assert.deepEqual(errorsOf(obj), expected, name);
});

test('defaults applied as upstream SetDefaults_* do', () => {
  const d = deployment() as { spec: Record<string, any> };
  applyObjectDefaults(d);
  assert.equal(d.spec.replicas, 1);
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.equal(d.spec.progressDeadlineSeconds, 600);
  const ps = d.spec.template.spec;
  assert.equal(ps.restartPolicy, 'Always');
  assert.equal(ps.terminationGracePeriodSeconds, 30);
  assert.equal(ps.schedulerName, 'default-scheduler');
  assert.equal(ps.containers[0].imagePullPolicy, 'IfNotPresent');

  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { memory: '512Mi' } } }] },
  } as Record<string, any>;
  applyObjectDefaults(pod);
  assert.deepEqual(pod.spec.containers[0].resources.requests, { memory: '512Mi', cpu: '1' });
  assert.equal(pod.spec.containers[0].imagePullPolicy, 'Always');
});
