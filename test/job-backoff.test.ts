import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECOND, MINUTE } from '../src/engine/time';
import { JOB_POD_FAILURE_BACKOFF_MAX_LEGACY } from '../src/api/defaults';
import { jobBackoffDelay, jobBackoffRemaining } from '../src/controllers/job/job-backoff';

const DEFAULTS_JSON = path.resolve(__dirname, '../../../shared/conformance/defaults.json');
const table = JSON.parse(fs.readFileSync(DEFAULTS_JSON, 'utf8')).tables.job_pod_failure_backoff_sequence;

test('Job pod-failure back-off doubles from 10 s up to the current 10 min cap (getRemainingTimeForFailuresCount)', () => {
  const expected: number[] = table.delay_after_nth_consecutive_failure_s;
  assert.deepEqual(expected.map((_, i) => jobBackoffDelay(i + 1) / SECOND), expected);
  assert.equal(jobBackoffDelay(0), 0);
  assert.equal(jobBackoffDelay(10_000), 10 * MINUTE);
});

test('with the legacy 6 min cap the sequence ends at 360 s', () => {
  const expected: number[] = table.legacy_cap_6min_sequence_s;
  assert.deepEqual(expected.map((_, i) => jobBackoffDelay(i + 1, JOB_POD_FAILURE_BACKOFF_MAX_LEGACY) / SECOND), expected);
});

test('the replacement pod waits for the back-off to elapse since the last failure finished', () => {
  const failedAt = 100 * SECOND;
  assert.equal(jobBackoffRemaining(3, failedAt, failedAt), 40 * SECOND);
  assert.equal(jobBackoffRemaining(3, failedAt, failedAt + 15 * SECOND), 25 * SECOND);
  assert.equal(jobBackoffRemaining(3, failedAt, failedAt + 40 * SECOND), 0);
  assert.equal(jobBackoffRemaining(3, failedAt, failedAt + 41 * SECOND), 0);
  assert.equal(jobBackoffRemaining(0, failedAt, failedAt), 0);
});
