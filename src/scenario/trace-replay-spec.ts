import { isAbsolute, join } from 'node:path';
import { CsvParser } from '../report/csv-reader';
import { NODE_COLUMNS, POD_COLUMNS, RowProblem, TraceNode, TracePod, columnIndex, parseTraceNode, parseTracePod } from '../trace/alibaba-trace';
import { FieldPath } from '../api/validation/field-error';
import { readTextFile } from './manifests';
import { SpecReader, shown } from './spec-reader';

/**
 * spec.traceReplay: replays a cluster trace in the Alibaba OpenB format (docs/traces.md): its
 * nodes are created at time 0, its pods are created and deleted at their trace times. The loader
 * reads and checks both CSV files, so the simulation itself does no I/O.
 */
export interface TraceReplay {
  /** Resolved paths of the two CSV files (for messages and summary.json). */
  nodesFile: string;
  podsFile: string;
  /** Extended resource name for whole GPUs (default nvidia.com/gpu). */
  gpuResource: string;
  /** Virtual seconds per trace second (default 1). */
  timeScale: number;
  /** Fraction (or multiple) of each node type kept (default 1). */
  nodeScale: number;
  /** Trace nodes in file order (before nodeScale). */
  nodes: TraceNode[];
  /** Trace pods sorted by creation time (stable: file order breaks ties), after `limit`. */
  pods: TracePod[];
  /** Pods in the file before `limit`. */
  podsInFile: number;
}

/** Extended resource carrying GPU shares in thousandths (see docs/simplifications.md). */
export const GPU_MILLI_RESOURCE = 'kubesim.dev/gpu-milli';
const FIELDS = ['nodes', 'pods', 'gpuResource', 'timeScale', 'nodeScale', 'limit'];
const MAX_ROW_PROBLEMS = 5;

export function readTraceReplay(r: SpecReader, v: unknown, path: FieldPath, baseDir: string): TraceReplay | undefined {
  if (!r.fields(v, path, FIELDS)) return undefined;
  const nodesPath = r.required(v, 'nodes', path) ? r.string(v.nodes, [...path, 'nodes'], 'a CSV file path') : undefined;
  const podsPath = r.required(v, 'pods', path) ? r.string(v.pods, [...path, 'pods'], 'a CSV file path') : undefined;
  let gpuResource = 'nvidia.com/gpu';
  if (v.gpuResource !== undefined) {
    const g = r.string(v.gpuResource, [...path, 'gpuResource'], 'an extended resource name');
    if (g !== undefined && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(g)) {
      r.fail([...path, 'gpuResource'], `expected a domain-prefixed extended resource name like nvidia.com/gpu, got ${shown(v.gpuResource)}`);
    } else if (g !== undefined) gpuResource = g;
  }
  const timeScale = v.timeScale === undefined ? 1 : r.number(v.timeScale, [...path, 'timeScale'], 1e-6, 1e6);
  const nodeScale = v.nodeScale === undefined ? 1 : r.number(v.nodeScale, [...path, 'nodeScale'], 1e-6, 100);
  const limit = v.limit === undefined ? undefined : r.int(v.limit, [...path, 'limit'], 1, 10_000_000, 'a positive number of pods');
  if (timeScale !== undefined && timeScale <= 0) r.fail([...path, 'timeScale'], `must be greater than 0, got ${shown(v.timeScale)}`);
  if (nodeScale !== undefined && nodeScale <= 0) r.fail([...path, 'nodeScale'], `must be greater than 0, got ${shown(v.nodeScale)}`);
  if (nodesPath === undefined || podsPath === undefined || timeScale === undefined || nodeScale === undefined || timeScale <= 0 || nodeScale <= 0) return undefined;

  const nodesFile = isAbsolute(nodesPath) ? nodesPath : join(baseDir, nodesPath);
  const podsFile = isAbsolute(podsPath) ? podsPath : join(baseDir, podsPath);
  const nodes: TraceNode[] = [];
  const pods: TracePod[] = [];
  const okNodes = readRows(r, [...path, 'nodes'], nodesFile, NODE_COLUMNS, (f, index, line, problems) => {
    const n = parseTraceNode(f, index, line, problems);
    if (n) nodes.push(n);
  });
  const okPods = readRows(r, [...path, 'pods'], podsFile, POD_COLUMNS, (f, index, line, problems) => {
    const p = parseTracePod(f, index, line, timeScale, problems);
    if (p) pods.push(p);
  });
  if (!okNodes || !okPods) return undefined;
  if (nodes.length === 0) return r.fail([...path, 'nodes'], `${nodesFile} holds no node rows`);
  const podsInFile = pods.length;
  const kept = limit === undefined ? pods : pods.slice(0, limit);
  // Stable sort by creation: pods created at the same trace second keep their file order.
  const order = kept.map((p, i) => i).sort((a, b) => kept[a].createAt - kept[b].createAt || a - b);
  return { nodesFile, podsFile, gpuResource, timeScale, nodeScale, nodes, pods: order.map((i) => kept[i]), podsInFile };
}

type RowFn = (fields: string[], index: Map<string, number>, line: number, problems: RowProblem[]) => void;

/**
 * Reads a CSV file given by a scenario field, no larger than limits.maxFileBytes (checked before
 * reading, as every input file); problems are reported at that field with the CSV line.
 */
function readRows(r: SpecReader, at: FieldPath, file: string, required: readonly string[], onRow: RowFn): boolean {
  const { line: fieldLine, col } = r.src.position(r.doc, at);
  const text = readTextFile(file, r.problems, { file: r.src.file, line: fieldLine, col, path: r.pathText(at) }, r.limits.maxFileBytes);
  if (text === undefined) return false;
  const problems: RowProblem[] = [];
  let index: Map<string, number> | undefined;
  let missing: string[] = [];
  let line = 0;
  const parser = new CsvParser();
  const emit = (f: string[]) => {
    line++;
    if (line === 1) {
      ({ index, missing } = columnIndex(f, required));
      return;
    }
    if (missing.length > 0 || (f.length === 1 && f[0].trim() === '')) return;
    onRow(f, index!, line, problems);
  };
  parser.feed(text, emit);
  parser.end(emit);
  if (line === 0) {
    r.fail(at, `${file} is empty: expected a header line with ${required.join(', ')}`);
    return false;
  }
  if (missing.length > 0) {
    r.fail(at, `${file}: the header lacks column(s) ${missing.join(', ')} (expected at least ${required.join(', ')})`);
    return false;
  }
  for (const p of problems.slice(0, MAX_ROW_PROBLEMS)) r.fail(at, `${file}:${p.line}: ${p.message}`);
  if (problems.length > MAX_ROW_PROBLEMS) r.fail(at, `${file}: ${problems.length - MAX_ROW_PROBLEMS} more bad row(s)`);
  return problems.length === 0;
}
