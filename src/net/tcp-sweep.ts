/**
 * A TCP connect sweep over many ports, split across worker threads when the list is long: the
 * kernel's side of 65,535 connects is as much work as nc's, and one thread's JavaScript on top of
 * it would trail nc. Each worker loads this same bundle and runs the handle prober on its share.
 */
import type { Worker as WorkerType } from 'node:worker_threads';
import { InterruptedError, NettoolError } from '../errors.js';
import type { ProbeOutcome } from './connect-outcome.js';
import { sweepPorts, type SweepOptions } from './port-sweep.js';
import { createHandleProber, createSocketProber, type TcpTarget } from './tcp-probe.js';

declare const __filename: string | undefined;

/** Marks a worker started by this module, so that loading the bundle in any other worker does nothing. */
const workerMark = 'nettool-tcp-sweep';
/** Below this many ports one thread finishes before workers would have started. */
const minPortsPerWorker = 4096;
const maxWorkers = 4;

interface WorkerTask {
  readonly [workerMark]: true;
  readonly target: TcpTarget;
  readonly ports: number[];
  readonly concurrency: number;
  readonly ratePerSecond?: number;
  readonly timeoutMs: number;
}

type WorkerReply = { readonly outcomes: ProbeOutcome[] } | { readonly error: string; readonly exitCode: number };

const threads = () => process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
const os = () => process.getBuiltinModule('node:os') as typeof import('node:os');

/** This bundle's file, where the code runs as one (dist/commands/scan.cjs); undefined from sources (tests). */
function bundleFile(): string | undefined {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename : undefined;
}

function workerCount(ports: number): number {
  if (bundleFile() === undefined) return 1;
  return Math.max(1, Math.min(maxWorkers, os().availableParallelism(), Math.floor(ports / minPortsPerWorker)));
}

/** Connect-only outcomes for `ports`, in their order, on the bare-handle prober where it exists. */
export async function sweepTcp(target: TcpTarget, ports: readonly number[], options: SweepOptions): Promise<ProbeOutcome[]> {
  const prober = createHandleProber(target);
  if (!prober) return sweepPorts(ports, createSocketProber(target), options);
  const workers = workerCount(ports.length);
  if (workers === 1) return sweepPorts(ports, prober, options);
  const shares = Array.from({ length: workers }, (_, i) => ports.slice(Math.floor((ports.length * i) / workers), Math.floor((ports.length * (i + 1)) / workers)));
  const results = await Promise.all(
    shares.map((share) =>
      runWorker(
        {
          [workerMark]: true,
          target,
          ports: share,
          concurrency: Math.max(1, Math.ceil(options.concurrency / workers)),
          ...(options.ratePerSecond && { ratePerSecond: options.ratePerSecond / workers }),
          timeoutMs: options.timeoutMs,
        },
        options.signal,
      ),
    ),
  );
  return results.flat();
}

function runWorker(task: WorkerTask, signal: AbortSignal): Promise<ProbeOutcome[]> {
  const worker: WorkerType = new (threads().Worker)(bundleFile()!, { workerData: task, stdout: false, stderr: false });
  return new Promise<ProbeOutcome[]>((resolve, reject) => {
    const onAbort = () => {
      void worker.terminate();
      reject(new InterruptedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    worker.once('message', (reply: WorkerReply) => {
      done();
      if ('outcomes' in reply) resolve(reply.outcomes);
      else reject(new NettoolError(reply.error, reply.exitCode));
      void worker.terminate();
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

/** The worker's side: sweep its share and post the outcomes back. */
async function serveWorkerTask(task: WorkerTask, post: (reply: WorkerReply) => void): Promise<void> {
  try {
    const outcomes = await sweepPorts(task.ports, createHandleProber(task.target)!, { ...task, signal: new AbortController().signal });
    post({ outcomes });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error), exitCode: error instanceof NettoolError ? error.exitCode : 1 });
  }
}

if (bundleFile() !== undefined) {
  const { isMainThread, parentPort, workerData } = threads();
  if (!isMainThread && parentPort && (workerData as Partial<WorkerTask> | null)?.[workerMark]) {
    void serveWorkerTask(workerData as WorkerTask, (reply) => parentPort.postMessage(reply));
  }
}
