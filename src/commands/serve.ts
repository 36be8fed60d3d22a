/** `nettool serve`: checks the options, starts one service behind the shared policy, logs, and stops gracefully on SIGINT/SIGTERM. */
import { UsageError } from '../errors.js';
import { checkUnixPath, parseHost, parsePort } from '../protocol/address.js';
import { parsePortList } from '../protocol/port-list.js';
import { parseCidr } from '../protocol/cidr.js';
import { formatServeEvent, formatServeEventJson } from '../render/serve-log.js';
import { availableParallelism } from 'node:os';
import type { ServeEvent, ServeSummary } from '../protocol/serve-events.js';
import { formatBoundAddress, type ListenTarget, type ServerHandle } from '../servers/listen.js';
import type { ServiceOptions } from '../servers/options.js';
import { ConnectionPolicy, type PolicyOptions } from '../servers/policy.js';
import { reportWorkerFailure, startWorkerPool, workerAddress, workerChannel } from '../servers/workers.js';
import { isServiceName, services, type ServiceDefinition } from '../servers/registry.js';
import { lookupService } from '../sources/services.js';
import type { ServeLive } from '../ui/serve-live.js';
import type { CommandContext } from './context.js';

/** The options as commander hands them over (strings, checked here). */
export interface ServeFlags {
  host?: string;
  udp?: boolean;
  unix?: string;
  allow?: string[];
  maxClients?: string;
  idleTimeout?: string;
  udpRate?: string;
  rfc868?: boolean;
  dir?: string;
  ports?: string;
  processes?: boolean;
  workers?: string;
  tui?: boolean;
}


function parseCount(text: string, option: string, { allowZero = false, integer = true } = {}): number {
  const value = Number(text);
  const ok = /^\d+(\.\d+)?$/.test(text.trim()) && (!integer || Number.isInteger(value)) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new UsageError(`bad ${option} '${text}': use a ${integer ? 'whole ' : ''}number${allowZero ? '' : ' above 0'}`);
  return value;
}

function checkOptions(name: string, definition: ServiceDefinition, port: string | undefined, options: ServeFlags): ListenTarget {
  if (options.udp && !definition.udp) throw new UsageError(`${name} has no UDP form; --udp works with echo, discard, daytime, time and chargen`);
  if (options.rfc868 && !definition.accepts.includes('rfc868')) throw new UsageError('--rfc868 is for the time service');
  if (options.dir !== '.' && options.dir !== undefined && !definition.accepts.includes('dir')) throw new UsageError('--dir is for the http service');
  if (options.ports !== undefined && !definition.accepts.includes('ports')) throw new UsageError('--ports is for the metrics service');
  if (options.processes && !definition.accepts.includes('processes')) throw new UsageError('--processes is for the metrics service');
  if (options.unix !== undefined) {
    if (options.udp) throw new UsageError('--unix listens on a stream socket; it does not combine with --udp');
    if (port !== undefined) throw new UsageError(`--unix takes no port (got '${port}')`);
    if (options.host !== undefined) throw new UsageError('--unix and --host are two different places to listen: choose one');
    if (options.allow?.length) throw new UsageError('--allow filters IP addresses, and Unix socket clients have none: use file permissions');
    if (options.unix === '') throw new UsageError('--unix needs a socket path');
    return { kind: 'unix', path: checkUnixPath(options.unix) };
  }
  const portNumber = port === undefined ? definition.defaultPort : parsePort(port, { lookup: lookupService, protocol: options.udp ? 'udp' : 'tcp', allowZero: true });
  return { kind: 'inet', port: portNumber, ...(options.host !== undefined ? { host: parseHost(options.host).host } : {}) };
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** --workers: a count, or `auto` for one per core. */
function parseWorkers(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text === 'auto') return availableParallelism();
  const count = parseCount(text, '--workers');
  if (count > 64) throw new UsageError(`--workers ${text} is more processes than one host serves well; use at most 64 (or auto)`);
  return count;
}

function checkWorkers(name: string, definition: ServiceDefinition, workers: number, options: ServeFlags, json: boolean): void {
  if (workers === 1) return;
  if (definition.workers === false) throw new UsageError(`${name} runs as one process; --workers is for the other TCP services`);
  if (options.udp) throw new UsageError('--workers shares a TCP or Unix listener; UDP services run as one process');
  if (options.tui && !json) throw new UsageError("--tui shows one process's clients; it does not combine with --workers");
}

export async function runServe(context: CommandContext, name: string, port: string | undefined, options: ServeFlags): Promise<number> {
  if (!isServiceName(name)) {
    throw new UsageError(`unknown service '${name}': choose one of ${Object.keys(services).join(', ')}`);
  }
  const definition: ServiceDefinition = services[name];
  const target = checkOptions(name, definition, port, options);
  const workers = parseWorkers(options.workers);
  checkWorkers(name, definition, workers, options, context.json);
  const allow = (options.allow ?? []).map(parseCidr);
  const maxClients = options.maxClients === undefined ? 0 : parseCount(options.maxClients, '--max-clients');
  const idleTimeoutMs = parseCount(options.idleTimeout ?? '300', '--idle-timeout', { allowZero: true, integer: false }) * 1000;
  const udpRate = parseCount(options.udpRate ?? '20', '--udp-rate', { integer: false });
  // A bound on --ports bounds the exporter's series (8 states each).
  const ports = options.ports === undefined ? undefined : new Set(parsePortList(options.ports, { lookup: lookupService, max: 1024 }));
  const settings = { udp: options.udp === true, rfc868: options.rfc868 === true, dir: options.dir ?? '.', now: context.io.now, metrics: { processes: options.processes === true, ...(ports ? { ports } : {}) } };
  const limits = { allow, maxClients, idleTimeoutMs, udpRate, now: context.io.now };

  const primary = workerAddress();
  if (primary) return serveAsWorker(context, definition, { ...settings, target: { kind: 'handoff', address: primary } }, limits);
  const log = serveLog(context);
  const transport = target.kind === 'unix' ? 'unix' : options.udp ? 'udp' : 'tcp';
  if (workers > 1) {
    if (target.kind === 'handoff') throw new Error('a handoff target outside a worker');
    const pool = await startWorkerPool({ target, workers, allow, maxClients, now: context.io.now, onEvent: log.onEvent });
    log.onEvent({ type: 'listening', service: name, transport, address: formatBoundAddress(pool.address), workers });
    try {
      await Promise.race([waitForAbort(context.io.signal), pool.failure]);
    } finally {
      log.summary(name, await pool.stop());
    }
    return 0;
  }
  return serveHere(context, name, definition, { ...settings, target }, limits, log, options.tui === true);
}

type Settings = Omit<ServiceOptions, 'policy'>;
type Limits = Omit<PolicyOptions, 'onEvent'>;

/** The access log: JSON Lines on stdout, status lines on stderr, or the live view once it runs. */
function serveLog(context: CommandContext) {
  const { io } = context;
  const log = {
    tui: undefined as ServeLive | undefined,
    onEvent: (event: ServeEvent) => {
      if (context.json) io.stdout.write(formatServeEventJson(event, io.now()));
      else if (log.tui) log.tui.onEvent(event);
      else if (!context.quiet) context.status(formatServeEvent(event));
    },
    summary: (service: string, totals: ServeSummary) => {
      const summary: ServeEvent = { type: 'summary', service, ...totals };
      if (context.json) io.stdout.write(formatServeEventJson(summary, io.now()));
      else context.status(formatServeEvent(summary));
    },
  };
  return log;
}

async function serveHere(context: CommandContext, name: string, definition: ServiceDefinition, settings: Settings, limits: Limits, log: ReturnType<typeof serveLog>, tui: boolean): Promise<number> {
  const { io } = context;
  const wantsTui = tui && !context.json;
  if (tui && context.json) context.status('--tui does not combine with --json; logging JSON Lines instead');
  const quietLog = context.quiet && !context.json && !wantsTui;
  const policy = new ConnectionPolicy({ ...limits, ...(quietLog ? {} : { onEvent: log.onEvent }) });
  const handle = await definition.create({ ...settings, policy });
  // Ink and React load only here: a live view on a terminal, after the bind has succeeded.
  if (wantsTui && io.stdout.isTTY === true) log.tui = await (await import('../ui/serve-live.js')).startServeLive(io, name);
  else if (wantsTui) context.status('--tui needs a terminal; logging instead');
  const transport = settings.target.kind === 'unix' ? 'unix' : settings.udp ? 'udp' : 'tcp';
  log.onEvent({ type: 'listening', service: name, transport, address: formatBoundAddress(handle.address) });
  log.tui?.watch(policy);

  await waitForAbort(io.signal);
  await stopService(handle, policy);
  log.tui?.stop();
  log.summary(name, policy.summary());
  return 0;
}

async function stopService(handle: ServerHandle, policy: ConnectionPolicy): Promise<void> {
  await handle.close();
  // Closed clients' events run on the next turns of the loop; give them a moment so the summary counts them.
  for (let i = 0; i < 50 && !policy.idle; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A worker of serve --workers: clients come from the primary, which has admitted them; everything is reported to it. */
async function serveAsWorker(context: CommandContext, definition: ServiceDefinition, settings: Settings, limits: Limits): Promise<number> {
  const channel = workerChannel();
  const policy = new ConnectionPolicy({ ...limits, allow: [], maxClients: 0, onEvent: channel.log });
  let handle: ServerHandle;
  try {
    handle = await definition.create({ ...settings, policy });
  } catch (error) {
    await reportWorkerFailure(error);
    throw error;
  }
  channel.ready();
  await Promise.race([waitForAbort(context.io.signal), waitForAbort(channel.stopped)]);
  await stopService(handle, policy);
  await channel.finish(policy.summary());
  return 0;
}
