import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, formatDuration, formatSeconds, SECOND, MINUTE, HOUR, MILLISECOND } from '../src/engine/time';

// Go's time.ParseDuration units and forms, as Kubernetes durations (metav1.Duration) use them.
const CASES: [string, number][] = [
  ['250ms', 250 * MILLISECOND],
  ['90s', 90 * SECOND],
  ['1h30m', HOUR + 30 * MINUTE],
  ['2m30s', 2 * MINUTE + 30 * SECOND],
  ['1.5h', 90 * MINUTE],
  ['.5s', 500 * MILLISECOND],
  ['1us', 1],
  ['1µs', 1],
  ['1500ns', 2],
  ['3d', 72 * HOUR],
  ['15', 15 * SECOND],
  ['0', 0],
];

for (const [text, us] of CASES) {
  test(`parseDuration("${text}") = ${us} µs`, () => assert.equal(parseDuration(text), us));
}

for (const bad of ['', 'soon', '-5s', '5 s', '5x', '1h-30m', 's']) {
  test(`parseDuration rejects "${bad}"`, () => assert.equal(parseDuration(bad), undefined));
}

test('formatDuration prints Go Duration.String for whole units', () => {
  assert.equal(formatDuration(HOUR + 30 * MINUTE), '1h30m0s');
  assert.equal(formatDuration(90 * SECOND), '1m30s');
  assert.equal(formatDuration(250 * MILLISECOND), '250ms');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(1500 * MILLISECOND), '1.5s');
});

test('formatDuration and parseDuration round-trip', () => {
  for (const t of [1, 999, SECOND, 61 * SECOND + 250 * MILLISECOND, 3 * HOUR + 7 * SECOND]) {
    assert.equal(parseDuration(formatDuration(t)), t);
  }
});

test('formatSeconds keeps six fixed decimals', () => {
  assert.equal(formatSeconds(0), '0.000000');
  assert.equal(formatSeconds(1_500_000), '1.500000');
  assert.equal(formatSeconds(61 * SECOND + 7), '61.000007');
});
