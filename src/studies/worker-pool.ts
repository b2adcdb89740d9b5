import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Limits } from '../scenario/limits';
import { RunJob, RunResult } from './run-job';
import type { JobMessage, ReplyMessage } from './sweep-worker';

/** Raised when a run fails inside a worker (bad override value, or a bug). */
export class RunFailure extends Error {
  constructor(
    message: string,
    readonly input: boolean,
  ) {
    super(message);
  }
}

interface Pending {
  msg: JobMessage;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

/** Default worker count: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * A fixed set of worker threads running RunJobs (sweep-worker.js beside this file), one job per
 * worker at a time, in submission order. Results do not depend on the number of workers: each job
 * is a pure function of the job.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 0;

  /** `limits`: the input limits (--limit) of every job that does not state its own. */
  constructor(
    readonly size: number,
    readonly limits?: Partial<Limits>,
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(path.join(__dirname, 'sweep-worker.js'));
      w.on('message', (m: ReplyMessage) => this.done(w, m));
      w.on('error', (e) => this.crashed(w, e));
      w.unref();
      this.idle.push(w);
    }
  }

  run(job: RunJob): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const withLimits = this.limits && !job.limits ? { ...job, limits: this.limits } : job;
      this.queue.push({ msg: { id: this.nextId++, job: withLimits }, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.shift()!;
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      w.ref();
      w.postMessage(p.msg);
    }
  }

  private done(w: Worker, m: ReplyMessage): void {
    const p = this.busy.get(w);
    this.busy.delete(w);
    w.unref();
    this.idle.push(w);
    if (p) {
      if (m.ok) p.resolve(m.result);
      else p.reject(new RunFailure(m.error, m.input));
    }
    this.pump();
  }

  private crashed(w: Worker, e: Error): void {
    const p = this.busy.get(w);
    this.busy.delete(w);
    p?.reject(new RunFailure(e.message, false));
    for (const q of this.queue.splice(0)) q.reject(new RunFailure(`worker thread died: ${e.message}`, false));
  }
}
