import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import { SECOND, MILLISECOND, Time } from '../engine/time';
import { readApplications } from './applications-spec';
import { readCluster } from './cluster-spec';
import { ObjectCollector, loadManifestFile, readTextFile } from './manifests';
import { Limits, overLimit, resolveLimits } from './limits';
import { Override, applyOverrides } from './overrides';
import { InputError, Problem, formatProblem } from './problems';
import { readResources } from './resources-spec';
import { Latencies, Scenario } from './scenario';
import { SpecReader, shown } from './spec-reader';
import { readTimeline } from './timeline-spec';
import { readFaults, readKubelet } from './faults-spec';
import { readSchedulerSpec } from './scheduler-spec';
import { readStartTime, readStorage } from './run-settings-spec';
import { readLoad, serviceKeys } from './load-spec';
import { readAutoscaling } from './autoscaling-spec';
import { checkControlPlaneTimeline, readControlPlane, withoutControlPlane } from './control-plane-spec';
import { YamlSource } from './yaml-source';
import { readExpectations } from './expect-spec';
import { readPlan } from './plan-spec';
import { readTraceReplay } from './trace-replay-spec';

export { InputError, formatProblem, loadManifestFile };
export type { Problem, Override };

export const SCENARIO_API_VERSION = 'kubesim.dev/v1';

export interface LoadOptions {
  /** Overrides spec.seed (the CLI's --seed). */
  seed?: number;
  /** Dotted-path settings applied before validation, e.g. { path: "spec.cluster.nodePools[0].count", value: "50" }. */
  overrides?: Override[];
  /** Input limits raised or lowered from DEFAULT_LIMITS (the CLI's --limit). */
  limits?: Partial<Limits>;
}

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const META_FIELDS = ['name', 'labels', 'annotations'];
const SPEC_FIELDS = ['seed', 'duration', 'sampleInterval', 'output', 'latencies', 'cluster', 'applications', 'resources', 'timeline', 'startTime', 'storage', 'scheduler', 'kubelet', 'faults', 'load', 'autoscaling', 'expect', 'plan', 'traceReplay'];
const DEFAULT_SAMPLE_INTERVAL: Time = 10 * SECOND;
const DEFAULT_LATENCIES: Latencies = { watch: 1 * MILLISECOND, controllerSync: 10 * MILLISECOND, binding: 5 * MILLISECOND };

/** Reads and parses a scenario file; `file:` references resolve against its folder. Throws InputError. */
export function loadScenarioFile(path: string, options: LoadOptions = {}): Scenario {
  const problems: Problem[] = [];
  const text = readTextFile(path, problems, { file: path, line: 1, col: 1, path: '' }, resolveLimits(options.limits).maxFileBytes);
  if (text === undefined) throw new InputError(problems);
  return loadScenarioText(text, path, dirname(path), options);
}

/** True when the first YAML document of `text` has `kind: Scenario` (else it is a plain manifest). */
export function isScenarioDocument(text: string): boolean {
  try {
    const docs = parseAllDocuments(text);
    const first = Array.isArray(docs) ? docs[0] : undefined;
    const c = first?.contents;
    if (!isMap(c)) return false;
    const kind = c.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
    return kind !== undefined && isScalar(kind.value) && kind.value.value === 'Scenario';
  } catch {
    return false;
  }
}

/** Parses scenario text as if read from `fileName`, resolving `file:` references against `baseDir`. */
export function loadScenarioText(text: string, fileName: string, baseDir: string, options: LoadOptions = {}): Scenario {
  const limits = resolveLimits(options.limits);
  const src = new YamlSource(text, fileName, limits);
  const problems: Problem[] = [...src.problems];
  if (src.documents.length === 0) {
    if (problems.length === 0) problems.push({ file: fileName, line: 1, col: 1, path: '', message: 'the file is empty: expected a Scenario document' });
    throw new InputError(problems);
  }
  const first = src.documents[0];
  if (src.documents.length > 1) {
    const { line, col } = src.position(src.documents[1].doc, []);
    problems.push({ file: fileName, line, col, path: '', message: 'a scenario file holds one document; put manifests in files listed under spec.resources' });
  }
  if (!first.ok) throw new InputError(problems);
  const overridden = options.overrides?.length ? applyOverrides(first.doc, fileName, options.overrides, problems) : new Map<string, string>();
  if (overridden.size > 0 && !src.reevaluate(first)) throw new InputError([...problems, ...src.problems.slice(-1)]);

  const r = new SpecReader(src, first.doc, problems, overridden, limits);
  const scenario = readScenario(r, first.value, fileName, baseDir, options);
  if (problems.length > 0 || !scenario) throw new InputError(problems);
  return scenario;
}

function readScenario(r: SpecReader, v: unknown, fileName: string, baseDir: string, options: LoadOptions): Scenario | undefined {
  if (!r.fields(v, [], TOP_FIELDS)) return undefined;
  if (v.apiVersion !== SCENARIO_API_VERSION) r.fail(['apiVersion'], `expected ${SCENARIO_API_VERSION}, got ${shown(v.apiVersion)}`);
  if (v.kind !== 'Scenario') r.fail(['kind'], `expected Scenario, got ${shown(v.kind)}`);
  let name = basename(fileName, extname(fileName));
  if (v.metadata !== undefined && r.fields(v.metadata, ['metadata'], META_FIELDS)) {
    if (v.metadata.name !== undefined) name = r.string(v.metadata.name, ['metadata', 'name'], 'a scenario name') ?? name;
    if (v.metadata.labels !== undefined) r.stringMap(v.metadata.labels, ['metadata', 'labels']);
    if (v.metadata.annotations !== undefined) r.stringMap(v.metadata.annotations, ['metadata', 'annotations']);
  }
  if (!r.required(v, 'spec', [])) return undefined;
  const spec = v.spec;
  const sp = ['spec'];
  if (!r.fields(spec, sp, SPEC_FIELDS)) return undefined;

  let seed = 0;
  if (options.seed !== undefined) seed = options.seed;
  else if (spec.seed !== undefined) seed = r.int(spec.seed, [...sp, 'seed'], 0, Number.MAX_SAFE_INTEGER, 'an integer seed') ?? 0;

  const duration = r.required(spec, 'duration', sp) ? r.duration(spec.duration, [...sp, 'duration'], true) : undefined;
  let sampleInterval = DEFAULT_SAMPLE_INTERVAL;
  if (spec.sampleInterval !== undefined) sampleInterval = r.duration(spec.sampleInterval, [...sp, 'sampleInterval'], true) ?? sampleInterval;

  let outputDir: string | undefined;
  if (spec.output !== undefined && r.fields(spec.output, [...sp, 'output'], ['dir']) && spec.output.dir !== undefined) {
    const dir = r.string(spec.output.dir, [...sp, 'output', 'dir'], 'a directory path');
    if (dir !== undefined) outputDir = isAbsolute(dir) ? dir : join(baseDir, dir);
  }

  const latencies = { ...DEFAULT_LATENCIES };
  if (spec.latencies !== undefined && r.fields(spec.latencies, [...sp, 'latencies'], Object.keys(DEFAULT_LATENCIES))) {
    for (const k of Object.keys(DEFAULT_LATENCIES) as (keyof Latencies)[]) {
      if (spec.latencies[k] !== undefined) latencies[k] = r.duration(spec.latencies[k], [...sp, 'latencies', k]) ?? latencies[k];
    }
  }

  const cluster = r.required(spec, 'cluster', sp) ? readCluster(r, withoutControlPlane(spec.cluster), [...sp, 'cluster']) : undefined;
  const controlPlane = readControlPlane(r, spec.cluster, [...sp, 'cluster']);
  const applications = readApplications(r, spec.applications, [...sp, 'applications']);
  const kubelet = readKubelet(r, spec.kubelet, [...sp, 'kubelet']);
  const ctx = { baseDir, collector: new ObjectCollector(r.problems, r.limits) };
  const resources = readResources(r, ctx, spec.resources, [...sp, 'resources']);
  const pools = cluster ? new Set(cluster.nodePools.map((p) => p.name)) : undefined;
  const { actions, addedNodes } = readTimeline(r, ctx, spec.timeline, [...sp, 'timeline'], pools, duration);
  const faults = readFaults(r, spec.faults, [...sp, 'faults'], pools);
  checkControlPlaneTimeline(r, controlPlane, spec.cluster, spec.timeline, [...sp, 'timeline']);
  if (cluster) {
    const initial = cluster.nodePools.reduce((a, p) => a + p.count, 0);
    const max = r.limits.maxNodes;
    if (initial + addedNodes > max && addedNodes <= max) {
      r.fail([...sp, 'timeline'], overLimit(`node pools (${initial} nodes) and addNodes actions (${addedNodes} nodes) total ${initial + addedNodes}`, 'maxNodes', max, initial + addedNodes));
    }
  }
  if (duration === undefined || cluster === undefined || applications === undefined) return undefined;
  if (controlPlane !== undefined) cluster.controlPlane = controlPlane;

  const scenario: Scenario = {
    name,
    source: fileName,
    seed,
    duration,
    sampleInterval,
    latencies,
    cluster,
    applications,
    resources,
    timeline: actions,
    kubelet,
    faults,
  };
  if (outputDir !== undefined) scenario.outputDir = outputDir;
  if (spec.startTime !== undefined) scenario.startTime = readStartTime(r, spec.startTime, [...sp, 'startTime']);
  if (spec.storage !== undefined) scenario.storage = readStorage(r, spec.storage, [...sp, 'storage']);
  if (spec.traceReplay !== undefined) scenario.traceReplay = readTraceReplay(r, spec.traceReplay, [...sp, 'traceReplay'], baseDir);
  if (spec.scheduler !== undefined) scenario.scheduler = readSchedulerSpec(r, spec.scheduler, [...sp, 'scheduler']);
  if (spec.expect !== undefined) scenario.expect = readExpectations(r, spec.expect, [...sp, 'expect'], ctx.collector.objects);
  if (spec.plan !== undefined) scenario.plan = readPlan(r, spec.plan, [...sp, 'plan'], cluster.nodePools, r.limits.maxNodes);
  if (spec.load !== undefined) scenario.load = readLoad(r, spec.load, [...sp, 'load'], baseDir, serviceKeys(resources, actions));
  if (spec.autoscaling !== undefined) scenario.autoscaling = readAutoscaling(r, spec.autoscaling, [...sp, 'autoscaling']);
  const ignored = ctx.collector.ignoredList();
  if (ignored.length > 0) scenario.ignored = ignored;
  return scenario;
}

