/**
 * A TCP connect sweep over many ports, split across worker threads when the list is long: the
 * kernel's side of 65,535 connects is as much work as nc's, and one thread's JavaScript on top of
 * it would trail nc. Each worker (dist/tcp-sweep-worker.cjs, a bundle of the handle prober alone)
 * sweeps its share; from sources (tests), or where that file is missing, one thread does it all.
 */
import { existsSync } from 'node:fs';
import { InterruptedError, NettoolError } from '../errors.js';
import type { ProbeOutcome } from './connect-outcome.js';
import { sweepPorts, type SweepOptions } from './port-sweep.js';
import { createHandleProber, type TcpTarget } from './tcp-handle-probe.js';
import { createSocketProber } from './tcp-probe.js';
import type { SweepReply, SweepTask } from './tcp-sweep-task.js';

declare const __dirname: string | undefined;

/** Below this many ports one thread finishes before workers would have started. */
export const minPortsPerWorker = 4096;
const maxWorkers = 4;

const threads = () => process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
const os = () => process.getBuiltinModule('node:os') as typeof import('node:os');

/** The worker bundle beside the command bundles (dist/commands/scan.cjs → dist/tcp-sweep-worker.cjs), if built. */
function workerFile(): string | undefined {
  if (typeof __dirname !== 'string') return undefined;
  const file = `${__dirname}/../tcp-sweep-worker.cjs`;
  return existsSync(file) ? file : undefined;
}

/** How many threads sweep `ports` ports: one per core, up to 4, each with at least minPortsPerWorker. */
export function sweepThreads(ports: number): number {
  if (ports < 2 * minPortsPerWorker || workerFile() === undefined) return 1;
  return Math.max(1, Math.min(maxWorkers, os().availableParallelism(), Math.floor(ports / minPortsPerWorker)));
}

/** Connect-only outcomes for `ports`, in their order, on the bare-handle prober where it exists. */
export async function sweepTcp(target: TcpTarget, ports: readonly number[], options: SweepOptions): Promise<ProbeOutcome[]> {
  const prober = createHandleProber(target);
  if (!prober) return sweepPorts(ports, createSocketProber(target), options);
  const workers = sweepThreads(ports.length);
  if (workers === 1) return sweepPorts(ports, prober, options);
  const file = workerFile()!;
  const started: import('node:worker_threads').Worker[] = [];
  const stopAll = () => started.forEach((worker) => void worker.terminate());
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, i) => {
        const task: SweepTask = {
          target,
          ports: ports.slice(Math.floor((ports.length * i) / workers), Math.floor((ports.length * (i + 1)) / workers)),
          concurrency: Math.max(1, Math.ceil(options.concurrency / workers)),
          ...(options.ratePerSecond && { ratePerSecond: options.ratePerSecond / workers }),
          timeoutMs: options.timeoutMs,
        };
        const worker = new (threads().Worker)(file, { workerData: task });
        started.push(worker);
        return reply(worker, options.signal);
      }),
    );
    return results.flat();
  } finally {
    stopAll();
  }
}

function reply(worker: import('node:worker_threads').Worker, signal: AbortSignal): Promise<ProbeOutcome[]> {
  return new Promise<ProbeOutcome[]>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    worker.once('message', (answer: SweepReply) => {
      done();
      if ('outcomes' in answer) resolve(answer.outcomes);
      else reject(new NettoolError(answer.error, answer.exitCode));
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    worker.once('exit', (code) => {
      done();
      reject(new NettoolError(`a scan worker stopped early (exit ${code})`));
    });
  });
}
