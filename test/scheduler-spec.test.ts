import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, Problem, loadScenarioText } from '../src/scenario/load';
import { buildProfile } from '../src/scheduler/profile';
import { MICROSECOND } from '../src/engine/time';

function text(scheduler: string): string {
  return [
    'apiVersion: kubesim.dev/v1',
    'kind: Scenario',
    'metadata: { name: t }',
    'spec:',
    '  duration: 10m',
    '  cluster:',
    '    nodePools:',
    '      - { name: general, count: 3, capacity: { cpu: "8", memory: 32Gi } }',
    '  scheduler:',
    scheduler,
  ].join('\n');
}

function problems(scheduler: string): Problem[] {
  try {
    loadScenarioText(text(scheduler), 'scenarios/x.yaml', '.');
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    return e.problems;
  }
  assert.fail('expected problems');
}

test('spec.scheduler: profiles with score weights, MostAllocated and a cycle cost build as KubeSchedulerConfiguration would', () => {
  const s = loadScenarioText(
    text(
      [
        '    cycleCost: { base: 100us, perNodeEvaluated: 3us }',
        '    profiles:',
        '      - schedulerName: packer',
        '        percentageOfNodesToScore: 50',
        '        plugins:',
        '          score:',
        '            disabled: [{ name: "*" }]',
        '            enabled: [{ name: NodeResourcesFit, weight: 5 }]',
        '          postFilter: { disabled: [{ name: DefaultPreemption }] }',
        '        pluginConfig:',
        '          - name: NodeResourcesFit',
        '            args: { scoringStrategy: { type: MostAllocated } }',
      ].join('\n'),
    ),
    'scenarios/x.yaml',
    '.',
  );
  const sched = s.scheduler!;
  assert.deepEqual(sched.cycleCost, { base: 100 * MICROSECOND, perNodeEvaluated: 3 * MICROSECOND });
  const cfg = sched.profiles![0];
  assert.equal(cfg.preemption, false);
  const profile = buildProfile(cfg);
  assert.equal(profile.schedulerName, 'packer');
  assert.equal(profile.percentageOfNodesToScore, 50);
  assert.deepEqual(profile.score.map((p) => p.name), ['NodeResourcesFit']);
  assert.deepEqual(profile.scoreWeights, [5]);
  assert.equal((profile.score[0] as unknown as { strategy: { type: string } }).strategy.type, 'MostAllocated');
  assert.ok(profile.filter.some((p) => p.name === 'TaintToleration'), 'disabling scores keeps filters');
});

test('spec.scheduler: a bad strategy, an unknown plugin and a duplicate schedulerName are reported at file:line:col', () => {
  const ps = problems(
    [
      '    profiles:',
      '      - schedulerName: a',
      '        plugins: { score: { enabled: [{ name: NodeResourcesFitt }] } }',
      '      - schedulerName: a',
      '        pluginConfig:',
      '          - name: NodeResourcesFit',
      '            args: { scoringStrategy: { type: Packed } }',
    ].join('\n'),
  );
  const byPath = new Map(ps.map((p) => [p.path, p]));
  const unknown = byPath.get('spec.scheduler.profiles[0].plugins.score.enabled[0].name')!;
  assert.match(unknown.message, /unknown scheduler plugin "NodeResourcesFitt"/);
  assert.equal(unknown.line, 12);
  const dup = byPath.get('spec.scheduler.profiles[1].schedulerName')!;
  assert.equal(dup.message, 'Duplicate value: "a"');
  assert.equal(dup.line, 13);
  const strat = byPath.get('spec.scheduler.profiles[1].pluginConfig[0].args.scoringStrategy.type')!;
  assert.match(strat.message, /unsupported scoring strategy "Packed"/);
  assert.equal(strat.line, 16);
  assert.ok(strat.col > 1);
});

test('spec.scheduler: percentageOfNodesToScore outside 0..100 and a weight of 0 are rejected', () => {
  const ps = problems(['    percentageOfNodesToScore: 120', '    profiles:', '      - plugins: { score: { enabled: [{ name: ImageLocality, weight: 0 }] } }'].join('\n'));
  assert.deepEqual(
    ps.map((p) => p.path),
    ['spec.scheduler.percentageOfNodesToScore', 'spec.scheduler.profiles[0].plugins.score.enabled[0].weight'],
  );
});
