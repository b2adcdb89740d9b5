import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SECOND, MINUTE, parseDuration } from '../src/engine/time';
import {
  DEFAULTS_BY_ID,
  DEFAULT_SETTINGS_BY_ID,
  PROBE_PERIOD,
  PROBE_FAILURE_THRESHOLD,
  PROBE_SUCCESS_THRESHOLD,
  PROBE_TIMEOUT,
  POD_TERMINATION_GRACE_PERIOD,
  DEFAULT_NOT_READY_TOLERATION,
  DEFAULT_UNREACHABLE_TOLERATION,
  LEADER_ELECTION_LEASE_DURATION,
  LEADER_ELECTION_RENEW_DEADLINE,
  LEADER_ELECTION_RETRY_PERIOD,
  NODE_MONITOR_GRACE_PERIOD,
  JOB_BACKOFF_LIMIT,
  DEPLOYMENT_PROGRESS_DEADLINE,
  DEPLOYMENT_MAX_SURGE,
  DEPLOYMENT_MAX_UNAVAILABLE,
} from '../src/api/defaults';

interface DefaultEntry {
  id: string;
  value: unknown;
  unit: string | null;
}

const DEFAULTS_JSON = path.resolve(__dirname, '../../../shared/conformance/defaults.json');
const entries: DefaultEntry[] = JSON.parse(fs.readFileSync(DEFAULTS_JSON, 'utf8')).defaults;

/**
 * The numeric form defaults.ts uses for a defaults.json value, or undefined when it is not numeric:
 * seconds (unit "s") and Go duration strings ("10s", "5m", "300s (unset)") become µs.
 */
function numericForm(entry: DefaultEntry): number | undefined {
  if (typeof entry.value === 'number') return entry.unit === 's' ? entry.value * SECOND : entry.value;
  if (typeof entry.value === 'string') {
    const token = entry.value.split(' ')[0];
    if (/^\d/.test(token) && /[a-z]$/.test(token)) return parseDuration(token);
  }
  return undefined;
}

test('every defaults.json id is exported once, with the file value (durations in µs)', () => {
  assert.ok(entries.length > 50, `expected the full defaults list, got ${entries.length} entries`);
  for (const entry of entries) {
    const numeric = numericForm(entry);
    if (numeric !== undefined) {
      assert.equal(DEFAULTS_BY_ID.get(entry.id), numeric, `DEFAULTS_BY_ID ${entry.id}`);
      assert.ok(!DEFAULT_SETTINGS_BY_ID.has(entry.id), `${entry.id} is numeric but also in DEFAULT_SETTINGS_BY_ID`);
    } else {
      assert.ok(DEFAULT_SETTINGS_BY_ID.has(entry.id), `DEFAULT_SETTINGS_BY_ID lacks ${entry.id}`);
      assert.deepEqual(JSON.parse(JSON.stringify(DEFAULT_SETTINGS_BY_ID.get(entry.id))), entry.value, entry.id);
    }
  }
});

test('the lookup maps hold no id that defaults.json lacks', () => {
  const ids = new Set(entries.map((e) => e.id));
  for (const id of DEFAULTS_BY_ID.keys()) assert.ok(ids.has(id), `DEFAULTS_BY_ID has unknown id ${id}`);
  for (const id of DEFAULT_SETTINGS_BY_ID.keys()) assert.ok(ids.has(id), `DEFAULT_SETTINGS_BY_ID has unknown id ${id}`);
  assert.equal(DEFAULTS_BY_ID.size + DEFAULT_SETTINGS_BY_ID.size, ids.size);
});

test('the documented upstream defaults a scenario relies on', () => {
  assert.equal(PROBE_PERIOD, 10 * SECOND);
  assert.equal(PROBE_TIMEOUT, 1 * SECOND);
  assert.equal(PROBE_FAILURE_THRESHOLD, 3);
  assert.equal(PROBE_SUCCESS_THRESHOLD, 1);
  assert.equal(POD_TERMINATION_GRACE_PERIOD, 30 * SECOND);
  assert.equal(DEFAULT_NOT_READY_TOLERATION, 5 * MINUTE);
  assert.equal(DEFAULT_UNREACHABLE_TOLERATION, 5 * MINUTE);
  assert.equal(NODE_MONITOR_GRACE_PERIOD, 50 * SECOND);
  assert.deepEqual(
    [LEADER_ELECTION_LEASE_DURATION, LEADER_ELECTION_RENEW_DEADLINE, LEADER_ELECTION_RETRY_PERIOD],
    [15 * SECOND, 10 * SECOND, 2 * SECOND],
  );
  assert.equal(JOB_BACKOFF_LIMIT, 6);
  assert.equal(DEPLOYMENT_PROGRESS_DEADLINE, 600 * SECOND);
  assert.equal(DEPLOYMENT_MAX_SURGE, '25%');
  assert.equal(DEPLOYMENT_MAX_UNAVAILABLE, '25%');
});
