/**
 * `serve --workers N`: node:cluster processes behind one listener. The primary binds, admits each
 * client (allow-list, --max-clients as a total) and hands the socket to the next worker in turn;
 * workers serve and report their events and totals back. No service logic here.
 */
import type { Cluster, Worker } from 'node:cluster';
import { createServer, type Server, type Socket } from 'node:net';
import { NettoolError } from '../errors.js';
import type { Cidr } from '../protocol/cidr.js';
import type { ServeEvent, ServeSummary } from '../protocol/serve-events.js';
import { addSummaries, isPrimaryMessage, isWorkerMessage, type PrimaryMessage, type WorkerMessage } from '../protocol/worker-messages.js';
import { bindServer, type BoundAddress, type ListenTarget } from './listen.js';
import { describePeer, refusalReason } from './policy.js';

/** Loaded on use: only serve --workers forks. */
const cluster = () => process.getBuiltinModule('node:cluster') as unknown as Cluster;

/** The environment variable that makes a forked nettool a worker, holding the primary's bound address. */
const workerVariable = 'NETTOOL_SERVE_WORKER';

/** A worker restarted more often than this within the window is a crash loop: the pool gives up. */
const restartLimit = { count: 5, windowMs: 10_000 };
/** How long a stopping worker has to send its totals before the summary goes without them. */
const stopGraceMs = 1500;

export interface PoolOptions {
  readonly target: Exclude<ListenTarget, { kind: 'handoff' }>;
  readonly workers: number;
  readonly allow: readonly Cidr[];
  readonly maxClients: number;
  readonly now: () => number;
  readonly onEvent?: (event: ServeEvent) => void;
}

export interface WorkerPool {
  readonly address: BoundAddress;
  /** Rejects if the workers cannot be kept running (a crash loop). */
  readonly failure: Promise<never>;
  /** Stops accepting, stops every worker, and resolves with everyone's totals added up. */
  stop(): Promise<ServeSummary>;
}

/** In a worker: where the primary listens, or undefined in any other process. */
export function workerAddress(): BoundAddress | undefined {
  const text = process.env[workerVariable];
  return text === undefined || !process.send ? undefined : (JSON.parse(text) as BoundAddress);
}

function sendToPrimary(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, undefined, {}, () => resolve());
  });
}

/** The worker's side: events go to the primary; `stopped` aborts on the primary's word or when the primary is gone. */
export function workerChannel(): { readonly log: (event: ServeEvent) => void; readonly stopped: AbortSignal; ready(): void; finish(summary: ServeSummary): Promise<void> } {
  const stop = new AbortController();
  process.on('message', (message) => {
    if (isPrimaryMessage(message) && message.nettool === 'stop') stop.abort();
  });
  process.once('disconnect', () => stop.abort());
  return {
    log: (event) => void sendToPrimary({ nettool: 'event', event }),
    stopped: stop.signal,
    ready: () => void sendToPrimary({ nettool: 'ready' }),
    finish: async (summary) => {
      await sendToPrimary({ nettool: 'summary', summary });
      if (process.connected) process.disconnect();
    },
  };
}

/** A worker reports a failure to start rather than printing it: the primary prints one line for all. Resolves with the worker's exit code. */
export async function reportWorkerFailure(error: unknown): Promise<number> {
  const failure = error instanceof NettoolError ? error : new NettoolError(error instanceof Error ? error.message : String(error));
  await sendToPrimary({ nettool: 'failed', message: failure.message, exitCode: failure.exitCode });
  return failure.exitCode;
}

const describeExit = (code: number | null, signal: string | null) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

export async function startWorkerPool(options: PoolOptions): Promise<WorkerPool> {
  const server: Server = createServer({ pauseOnConnect: true });
  const address = await bindServer(server, options.target);
  const workers: Worker[] = [];
  const ready = new Set<Worker>();
  /** Clients handed to each worker and not yet reported closed: --max-clients counts them all. */
  const live = new Map<Worker, number>();
  /** Worker-local connection ids → one numbering for the whole log. */
  const ids = new Map<string, number>();
  const summaries: ServeSummary[] = [];
  const restarts: number[] = [];
  const started = options.now();
  let nextId = 1;
  let turn = 0;
  let refused = 0;
  let stopping = false;
  let reject: (error: NettoolError) => void = () => {};
  const failure = new Promise<never>((_resolve, rejectFailure) => (reject = rejectFailure));
  failure.catch(() => {});
  /** No worker is restarted after a failure: whoever awaits `failure` stops the pool. */
  const fail = (error: NettoolError) => {
    stopping = true;
    reject(error);
  };
  let allReady: () => void = () => {};
  const readyAll = new Promise<void>((resolve) => (allReady = resolve));

  const liveTotal = () => [...live.values()].reduce((sum, count) => sum + count, 0);
  const release = (worker: Worker) => live.set(worker, Math.max(0, (live.get(worker) ?? 0) - 1));

  const relay = (worker: Worker, event: ServeEvent) => {
    if (event.type === 'listening') return;
    if (event.type === 'closed' || event.type === 'refused') release(worker);
    if (event.type === 'connection' || event.type === 'closed') {
      const key = `${worker.id}:${event.id}`;
      const id = ids.get(key) ?? nextId++;
      if (event.type === 'connection') ids.set(key, id);
      else ids.delete(key);
      return options.onEvent?.({ ...event, id });
    }
    options.onEvent?.(event);
  };

  const fork = (): Worker => {
    const worker = cluster().fork({ [workerVariable]: JSON.stringify(address) });
    workers.push(worker);
    live.set(worker, 0);
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      switch (message.nettool) {
        case 'ready':
          ready.add(worker);
          if (ready.size >= options.workers) allReady();
          return;
        case 'event':
          return relay(worker, message.event);
        case 'summary':
          summaries.push(message.summary);
          return;
        case 'failed':
          return fail(new NettoolError(message.message, message.exitCode));
      }
    });
    worker.on('exit', (code, signal) => {
      ready.delete(worker);
      live.delete(worker);
      workers.splice(workers.indexOf(worker), 1);
      if (stopping) return;
      const now = options.now();
      restarts.push(now);
      while (restarts.length > 0 && restarts[0]! < now - restartLimit.windowMs) restarts.shift();
      if (restarts.length > restartLimit.count) return fail(new NettoolError(`workers keep dying (the last ${describeExit(code, signal)}); stopping`));
      options.onEvent?.({ type: 'error', message: `worker ${worker.process.pid} ${describeExit(code, signal)}; starting another` });
      fork();
    });
    return worker;
  };

  /** The next ready worker after the last one given a client: round-robin over those that are up. */
  const pick = (): Worker | undefined => {
    for (let i = 0; i < workers.length; i++) {
      const worker = workers[(turn + i) % workers.length]!;
      if (ready.has(worker) && worker.isConnected()) {
        turn = (turn + i + 1) % workers.length;
        return worker;
      }
    }
    return undefined;
  };

  server.on('connection', (socket: Socket) => {
    const worker = stopping ? undefined : pick();
    const reason = stopping ? 'server stopping' : worker ? refusalReason(socket, options, liveTotal()) : 'no worker ready';
    if (reason || !worker) {
      refused++;
      options.onEvent?.({ type: 'refused', client: describePeer(socket), reason: reason ?? 'no worker ready' });
      socket.destroy();
      return;
    }
    live.set(worker, (live.get(worker) ?? 0) + 1);
    const message: PrimaryMessage = { nettool: 'connection' };
    worker.send(message, socket, { keepOpen: false }, (error) => {
      if (!error) return;
      release(worker);
      socket.destroy();
    });
  });
  server.on('error', (error) => options.onEvent?.({ type: 'error', message: error.message }));

  for (let i = 0; i < options.workers; i++) fork();
  await Promise.race([failure, readyAll]).catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });

  async function stopAll(): Promise<void> {
    stopping = true;
    server.close();
    const exits = workers.map((worker) => new Promise<void>((resolve) => (worker.isDead() ? resolve() : worker.once('exit', () => resolve()))));
    const stop: PrimaryMessage = { nettool: 'stop' };
    for (const worker of workers) if (worker.isConnected()) worker.send(stop, undefined, {}, () => {});
    const grace = new Promise<void>((resolve) => setTimeout(resolve, stopGraceMs).unref());
    await Promise.race([Promise.all(exits), grace]);
    for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
  }

  return {
    address,
    failure,
    stop: async () => {
      await stopAll();
      return addSummaries(summaries, { refused, durationMs: options.now() - started });
    },
  };
}
