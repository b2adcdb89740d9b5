import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { SECOND, MINUTE, Time } from '../src/engine/time';
import { crashLoopDelay, nextBackoff, restartDelay } from '../src/kubelet/crashloop-backoff';

const DEFAULTS_JSON = path.resolve(__dirname, '../../../shared/conformance/defaults.json');
const table = JSON.parse(fs.readFileSync(DEFAULTS_JSON, 'utf8')).tables.crashloop_backoff_sequence;

test('crash-loop delays follow upstream: immediate, then 10 s doubling, capped at 300 s', () => {
  const expected: number[] = table.delay_before_restart_after_nth_exit_s;
  assert.deepEqual(expected.map((_, i) => crashLoopDelay(i + 1) / SECOND), expected);
  assert.equal(crashLoopDelay(1_000_000), 300 * SECOND);
});

test('a container that keeps crashing quickly waits the closed-form delay after each exit', () => {
  let entry: Time | undefined;
  for (let n = 1; n <= 12; n++) {
    assert.equal(restartDelay(entry, 5 * SECOND), crashLoopDelay(n), `exit ${n}`);
    entry = nextBackoff(entry, 5 * SECOND);
  }
  assert.equal(entry, 300 * SECOND);
});

test('a run longer than 10 minutes resets the back-off (strictly longer, as HasExpiredFunc)', () => {
  const entry = 160 * SECOND;
  assert.equal(restartDelay(entry, 10 * MINUTE), 160 * SECOND);
  assert.equal(nextBackoff(entry, 10 * MINUTE), 300 * SECOND);
  assert.equal(restartDelay(entry, 10 * MINUTE + 1), 0);
  assert.equal(nextBackoff(entry, 10 * MINUTE + 1), 10 * SECOND);
});

test('a crash loop in virtual time: restart instants match a reference flowcontrol.Backoff', () => {
  // Reference: a literal model of the per-container entry {backoff, lastUpdate} with absolute times.
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 15 * MINUTE }), { minLength: 1, maxLength: 30 }), (runs) => {
      let now = 0;
      let entry: Time | undefined;
      let refBackoff: Time | undefined;
      let refLastUpdate = 0;
      for (const run of runs) {
        const startedAt = now;
        const finishedAt = startedAt + run;
        const expired = refBackoff !== undefined && finishedAt - refLastUpdate > 10 * MINUTE;
        const inBackoffUntil = refBackoff === undefined || expired ? finishedAt : finishedAt + refBackoff;
        refBackoff = refBackoff === undefined || expired ? 10 * SECOND : Math.min(2 * refBackoff, 300 * SECOND);
        refLastUpdate = inBackoffUntil;

        const restartAt = finishedAt + restartDelay(entry, run);
        entry = nextBackoff(entry, run);
        assert.equal(restartAt, inBackoffUntil);
        assert.equal(entry, refBackoff);
        now = restartAt;
      }
    }),
  );
});
