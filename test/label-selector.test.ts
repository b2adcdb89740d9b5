import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SelectorError,
  parseSelector,
  parseRequirements,
  selectorFromSet,
  selectorFromRequirements,
  everything,
  nothing,
  matchesNothing,
  labelSelectorAsSelector,
  labelSelectorAsMap,
  newRequirement,
} from '../src/api/label-selector';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SelectorError, `expected a SelectorError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected an error');
}

test('labels.Parse: the string grammar and its canonical String() (sorted by key, spaces dropped)', () => {
  const rows: [string, string][] = [
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['z=c,x=a', 'x=a,z=c'],
    ['x== a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['x in (b, a)', 'x in (a,b)'],
    ['x notin ()', 'x notin ()'],
    ['!x, y', '!x,y'],
    ['x>1,z<5', 'x>1,z<5'],
    ['x=', 'x='],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['x in (a,,)', 'x in (,a)'],
    ['', ''],
  ];
  for (const [input, want] of rows) assert.equal(parseSelector(input).toString(), want, input);
});

test('labels.Parse rejects malformed selectors with upstream messages', () => {
  assert.equal(errorOf(() => parseSelector('x==a==b')), "found '==', expected: ',' or 'end of string'");
  assert.equal(errorOf(() => parseSelector('x,,y')), "found ',', expected: identifier after ','");
  assert.equal(errorOf(() => parseSelector('(')), "found '(', expected: !, identifier, or 'end of string'");
  assert.equal(
    errorOf(() => parseSelector('x nott in (y)')),
    "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt",
  );
  assert.equal(errorOf(() => parseSelector('a in (xyz abc)')), "unable to parse requirement: found 'abc', expected: ',' or ')'");
  assert.match(errorOf(() => parseSelector('x>a')), /^unable to parse requirement: values\[0\]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer/);
  assert.equal(
    errorOf(() => parseSelector('Foo_=bar')),
    'unable to parse requirement: <nil>: Invalid value: "Foo_": name part must consist of alphanumeric characters, ' +
      "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or " +
      "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  );
});

test('Requirement.Matches: in/=/== need the key with a listed value; notin/!= match an absent key; gt/lt compare int64', () => {
  const labels = { app: 'web', tier: '', replicas: '3', version: 'v2' };
  const rows: [string, boolean][] = [
    ['app=web', true],
    ['app==db', false],
    ['app in (db,web)', true],
    ['missing in (x)', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['version>1', false],
    ['missing<9', false],
    ['app=web,tier', true],
    ['app=web,!tier', false],
  ];
  for (const [sel, want] of rows) assert.equal(parseSelector(sel).matches(labels), want, sel);
  assert.equal(parseSelector('!x').matches(undefined), true);
  assert.equal(parseSelector('constructor').matches({}), false, 'inherited properties are not labels');
});

test('Everything, Nothing and MatchesNothing (labels.Everything/Nothing/MatchesNothing)', () => {
  assert.equal(everything().matches({ x: 'y' }), true);
  assert.equal(everything().isEmpty(), true);
  assert.equal(nothing().matches({}), false);
  assert.equal(nothing().isEmpty(), false);
  assert.equal(matchesNothing(nothing()), true);
  assert.equal(matchesNothing(everything()), false);
  assert.equal(matchesNothing(parseSelector('a=b,a!=b')), false);
  assert.equal(selectorFromSet({}).isEmpty(), true);
  assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
  assert.equal(selectorFromRequirements([{ key: '', operator: '', values: [] }]).matches({ x: 'y' }), false);
});

test('metav1.LabelSelectorAsSelector: nil is Nothing, empty is Everything, In/NotIn/Exists/DoesNotExist map to requirements', () => {
  assert.equal(matchesNothing(labelSelectorAsSelector(undefined)), true);
  assert.equal(labelSelectorAsSelector({}).isEmpty(), true);
  assert.equal(labelSelectorAsSelector({}).matches({ a: 'b' }), true);
  const sel = labelSelectorAsSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'zone', operator: 'In', values: ['b', 'a'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'tier', operator: 'NotIn', values: ['db'] },
      { key: 'owner', operator: 'Exists' },
    ],
  });
  assert.equal(sel.toString(), 'app=web,!canary,owner,tier notin (db),zone in (a,b)');
  assert.equal(sel.matches({ app: 'web', zone: 'a', owner: 'x' }), true);
  assert.equal(sel.matches({ app: 'web', zone: 'a', owner: 'x', canary: '' }), false);
  assert.equal(sel.matches({ app: 'web', zone: 'c', owner: 'x' }), false);
  assert.equal(
    errorOf(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' as never, values: ['1'] }] })),
    '"Gt" is not a valid label selector operator',
  );
  assert.equal(
    errorOf(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })),
    'values: Invalid value: ["x"]: values set must be empty for exists and does not exist',
  );
});

test('metav1.LabelSelectorAsMap: matchLabels plus single-valued In; other operators cannot be converted', () => {
  assert.equal(labelSelectorAsMap(undefined), undefined);
  assert.deepEqual(
    labelSelectorAsMap({ matchLabels: { foo: 'bar' }, matchExpressions: [{ key: 'baz', operator: 'In', values: ['norf'] }] }),
    { foo: 'bar', baz: 'norf' },
  );
  try {
    labelSelectorAsMap({ matchLabels: { foo: 'bar' }, matchExpressions: [{ key: 'baz', operator: 'Exists' }] });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof SelectorError);
    assert.equal(e.message, 'operator "Exists" cannot be converted into the old label selector format');
    assert.deepEqual(e.partialMap, { foo: 'bar' });
  }
});

test('labels.NewRequirement validates operator arity and label syntax', () => {
  assert.throws(() => newRequirement('x', 'in', []), SelectorError);
  assert.throws(() => newRequirement('x', '=', ['a', 'b']), SelectorError);
  assert.throws(() => newRequirement('x', 'gt', ['1.5']), SelectorError);
  assert.throws(() => newRequirement('x', '=', ['a b']), SelectorError);
  assert.throws(() => newRequirement('a'.repeat(64), 'exists', []), SelectorError);
  assert.throws(() => newRequirement('x', 'like', ['a']), /Unsupported value: "like": supported values: "in", "notin"/);
  assert.deepEqual(newRequirement('example.com/x', 'in', ['a']), { key: 'example.com/x', operator: 'in', values: ['a'] });
});

const key = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?$/),
  fc.stringMatching(/^[a-z0-9]{1,5}(\.[a-z0-9]{1,5}){0,2}\/[A-Za-z0-9]{1,8}$/),
);
const val = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/));
const intVal = fc.integer({ min: 0, max: 1000 }).map(String); // label values cannot start with '-'
const requirement = fc.oneof(
  fc.record({ key, operator: fc.constantFrom('=', '==', '!='), values: val.map((v) => [v]) }),
  fc.record({ key, operator: fc.constantFrom('in', 'notin'), values: fc.uniqueArray(val, { minLength: 1, maxLength: 4 }) }),
  fc.record({ key, operator: fc.constantFrom('exists', '!'), values: fc.constant([] as string[]) }),
  fc.record({ key, operator: fc.constantFrom('gt', 'lt'), values: intVal.map((v) => [v]) }),
);
const labelSet = fc.dictionary(key, fc.oneof(val, intVal), { maxKeys: 6 });

test('property: a selector String() re-parses to an equivalent selector (same String, same matches)', () => {
  fc.assert(
    fc.property(fc.array(requirement, { maxLength: 5 }), fc.array(labelSet, { maxLength: 5 }), (reqs, samples) => {
      const sel = selectorFromRequirements(reqs.map((r) => newRequirement(r.key, r.operator, r.values)));
      const text = sel.toString();
      const back = parseSelector(text);
      assert.equal(back.toString(), text);
      for (const labels of samples) {
        for (const r of reqs) labels[r.key] ??= r.values[0] ?? '';
        assert.equal(back.matches(labels), sel.matches(labels), `${text} on ${JSON.stringify(labels)}`);
      }
      assert.deepEqual(
        parseRequirements(text).map((r) => r.key),
        sel.requirements().requirements.map((r) => r.key),
      );
    }),
    { numRuns: 1000 },
  );
});
