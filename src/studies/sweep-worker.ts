import { parentPort } from 'node:worker_threads';
import { InputError } from '../scenario/problems';
import { RunJob, runJob } from './run-job';

/** Messages between the pool (worker-pool.ts) and this worker: one job in, one reply out. */
export interface JobMessage {
  id: number;
  job: RunJob;
}

export type ReplyMessage =
  | { id: number; ok: true; result: ReturnType<typeof runJob> }
  | { id: number; ok: false; error: string; input: boolean };

if (parentPort) {
  const port = parentPort;
  port.on('message', (m: JobMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id: m.id, ok: true, result: runJob(m.job) };
    } catch (e) {
      reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e), input: e instanceof InputError };
    }
    port.postMessage(reply);
  });
}
