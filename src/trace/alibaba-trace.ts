import { Time, SECOND } from '../engine/time';

/**
 * Rows of the Alibaba cluster-trace-gpu-v2023 ("OpenB") CSVs as kubesim replays them.
 * Nodes: `sn,cpu_milli,memory_mib,gpu,model`. Pods: `name,cpu_milli,memory_mib,num_gpu,gpu_milli,
 * gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time` (times in seconds from the
 * trace start). Columns are found by header name, so column order does not matter.
 */
export interface TraceNode {
  name: string;
  cpuMilli: number;
  memoryMiB: number;
  gpus: number;
  /** GPU model ("T4", "V100M16", ...); '' for CPU-only nodes. */
  model: string;
}

export interface TracePod {
  name: string;
  cpuMilli: number;
  memoryMiB: number;
  /** Whole GPUs requested (0..8). */
  gpus: number;
  /** Thousandths of one GPU when gpus == 1 (1000 = a whole GPU). */
  gpuMilli: number;
  /** Allowed GPU models; empty: any. */
  gpuSpec: string[];
  qos: string;
  /** Virtual creation time (trace seconds × timeScale). */
  createAt: Time;
  /** Virtual deletion time; undefined: never deleted. */
  deleteAt: Time | undefined;
}

export const NODE_COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;
export const POD_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'creation_time'] as const;

/** A row problem: the 1-based line of the CSV and what is wrong. */
export interface RowProblem {
  line: number;
  message: string;
}

/** Column index by name; the names in `required` that are missing. */
export function columnIndex(header: string[], required: readonly string[]): { index: Map<string, number>; missing: string[] } {
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  return { index, missing: required.filter((c) => !index.has(c)) };
}

function num(fields: string[], index: Map<string, number>, col: string): number | undefined {
  const i = index.get(col);
  if (i === undefined) return undefined;
  const raw = (fields[i] ?? '').trim();
  if (raw === '') return undefined;
  const v = Number(raw);
  return Number.isFinite(v) ? v : NaN;
}

export function parseTraceNode(fields: string[], index: Map<string, number>, line: number, problems: RowProblem[]): TraceNode | undefined {
  const name = (fields[index.get('sn')!] ?? '').trim();
  const cpu = num(fields, index, 'cpu_milli');
  const mem = num(fields, index, 'memory_mib');
  const gpu = num(fields, index, 'gpu') ?? 0;
  if (!name || cpu === undefined || mem === undefined || !(cpu > 0) || !(mem > 0) || !(gpu >= 0) || !Number.isInteger(gpu)) {
    problems.push({ line, message: `expected sn, cpu_milli > 0, memory_mib > 0 and an integer gpu >= 0, got "${fields.join(',')}"` });
    return undefined;
  }
  return { name, cpuMilli: Math.round(cpu), memoryMiB: Math.round(mem), gpus: gpu, model: (fields[index.get('model')!] ?? '').trim() };
}

/** Parses a pod row; times are multiplied by `timeScale` and converted to µs. */
export function parseTracePod(fields: string[], index: Map<string, number>, line: number, timeScale: number, problems: RowProblem[]): TracePod | undefined {
  const name = (fields[index.get('name')!] ?? '').trim();
  const cpu = num(fields, index, 'cpu_milli') ?? 0;
  const mem = num(fields, index, 'memory_mib') ?? 0;
  const gpus = num(fields, index, 'num_gpu') ?? 0;
  const gpuMilli = num(fields, index, 'gpu_milli') ?? 0;
  const created = num(fields, index, 'creation_time');
  const deleted = num(fields, index, 'deletion_time');
  const bad = !name || !(cpu >= 0) || !(mem >= 0) || !(gpus >= 0) || !Number.isInteger(gpus) || !(gpuMilli >= 0) || gpuMilli > 1000;
  if (bad || created === undefined || !(created >= 0) || Number.isNaN(deleted)) {
    problems.push({ line, message: `expected name, cpu_milli, memory_mib, num_gpu, gpu_milli (0..1000) and creation_time >= 0, got "${fields.join(',')}"` });
    return undefined;
  }
  const specIdx = index.get('gpu_spec');
  const spec = specIdx === undefined ? '' : (fields[specIdx] ?? '').trim();
  const qosIdx = index.get('qos');
  const createAt = Math.round(created * timeScale * SECOND);
  let deleteAt = deleted === undefined ? undefined : Math.round(deleted * timeScale * SECOND);
  if (deleteAt !== undefined && deleteAt < createAt) deleteAt = createAt;
  return {
    name,
    cpuMilli: Math.round(cpu),
    memoryMiB: Math.round(mem),
    gpus,
    gpuMilli: Math.round(gpuMilli),
    gpuSpec: spec ? spec.split('|').map((s) => s.trim()).filter(Boolean) : [],
    qos: qosIdx === undefined ? '' : (fields[qosIdx] ?? '').trim(),
    createAt,
    deleteAt,
  };
}

/** The node type of a trace node: its GPU model (or "cpu"), cores, memory and GPU count, e.g. "T4-104c-512Gi-2gpu". */
export function nodeType(n: TraceNode): string {
  const mem = n.memoryMiB % 1024 === 0 ? `${n.memoryMiB / 1024}Gi` : `${n.memoryMiB}Mi`;
  return `${n.model || 'cpu'}-${n.cpuMilli / 1000}c-${mem}-${n.gpus}gpu`;
}
