import { FieldPath } from '../api/validation/field-error';
import { constant } from '../engine/distribution';
import { SECOND } from '../engine/time';
import { AppModel } from './scenario';
import { readDistribution } from './distribution-spec';
import { SpecReader, isObj, shown } from './spec-reader';
import { APP_LOAD_FIELDS, readAppLoadFields } from './load-spec';

/** 100Mi. */
const DEFAULT_IMAGE_SIZE = 100 * 1024 * 1024;
const APP_FIELDS = ['imageSize', 'startup', 'runTime', 'failures', 'crashAfter', 'neverReady', 'shutdown', 'flakyProbes', ...APP_LOAD_FIELDS];

/** `applications`: image reference → behaviour. */
export function readApplications(r: SpecReader, v: unknown, path: FieldPath): Map<string, AppModel> | undefined {
  const out = new Map<string, AppModel>();
  if (v === undefined || v === null) return out;
  if (!isObj(v)) return r.fail(path, `expected a map from image ("shop/web:v1") to its behaviour, got ${shown(v)}`);
  for (const [image, model] of Object.entries(v)) {
    const p = [...path, image];
    if (image.trim() === '' || /\s/.test(image)) {
      r.fail(p, `Invalid value: ${JSON.stringify(image)}: an image reference must not be empty or contain whitespace`, true);
      continue;
    }
    const app = readApp(r, image, model ?? {}, p);
    if (app) out.set(image, app);
  }
  return out;
}

function readApp(r: SpecReader, image: string, v: unknown, path: FieldPath): AppModel | undefined {
  if (!r.fields(v, path, APP_FIELDS)) return undefined;
  const before = r.problems.length;
  const app: AppModel = { image, imageSize: DEFAULT_IMAGE_SIZE, startup: constant(1 * SECOND) };
  if (v.imageSize !== undefined) app.imageSize = r.size(v.imageSize, [...path, 'imageSize']) ?? 0;
  if (v.startup !== undefined) app.startup = readDistribution(r, v.startup, [...path, 'startup'], 'duration') ?? app.startup;
  if (v.runTime !== undefined) app.runTime = readDistribution(r, v.runTime, [...path, 'runTime'], 'duration');
  if (v.shutdown !== undefined) app.shutdown = readDistribution(r, v.shutdown, [...path, 'shutdown'], 'duration');
  if (v.neverReady !== undefined) app.neverReady = r.bool(v.neverReady, [...path, 'neverReady']);
  if (v.flakyProbes !== undefined) app.flakyProbes = r.number(v.flakyProbes, [...path, 'flakyProbes'], 0, 1);
  readAppLoadFields(r, v, path, app);
  if (v.failures !== undefined) {
    const fp = [...path, 'failures'];
    if (r.fields(v.failures, fp, ['mtbf', 'recovery']) && r.required(v.failures, 'mtbf', fp)) {
      app.mtbf = r.duration(v.failures.mtbf, [...fp, 'mtbf'], true);
      if (v.failures.recovery !== undefined) app.recovery = readDistribution(r, v.failures.recovery, [...fp, 'recovery'], 'duration');
    }
  }
  if (v.crashAfter !== undefined) {
    const cp = [...path, 'crashAfter'];
    if (r.fields(v.crashAfter, cp, ['probability', 'after']) && r.required(v.crashAfter, 'probability', cp) && r.required(v.crashAfter, 'after', cp)) {
      const probability = r.number(v.crashAfter.probability, [...cp, 'probability'], 0, 1);
      const after = readDistribution(r, v.crashAfter.after, [...cp, 'after'], 'duration');
      if (probability !== undefined && after !== undefined) app.crashAfter = { probability, after };
    }
  }
  return r.problems.length > before ? undefined : app;
}
