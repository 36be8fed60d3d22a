/** `nettool serve`: checks the options into a plan, then runs the service here, as a worker, or behind workers (serve-run.ts). */
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { checkUnixPath, parseHost, parsePort } from '../protocol/address.js';
import { parseCidr } from '../protocol/cidr.js';
import { parsePortList } from '../protocol/port-list.js';
import type { ListenTarget } from '../servers/listen.js';
import { isServiceName, services, type ServiceDefinition } from '../servers/registry.js';
import { workerAddress } from '../servers/workers.js';
import { readAuthkey } from '../sources/authkey.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext } from './context.js';
import { serveAsWorker, serveHere, serveWithWorkers, type ServePlan } from './serve-run.js';

/** The options as commander hands them over (strings, checked here). */
export interface ServeFlags {
  host?: string;
  udp?: boolean;
  unix?: string;
  allow?: string[];
  maxClients?: string;
  idleTimeout?: string;
  requestTimeout?: string;
  udpRate?: string;
  rfc868?: boolean;
  dir?: string;
  /** -d/--directory: Python's name for --dir. */
  directory?: string;
  /** -b/--bind: Python's name for --host. */
  bind?: string;
  verbose?: boolean;
  ports?: string;
  processes?: boolean;
  workers?: string;
  tui?: boolean;
  authkey?: string;
  authkeyFile?: string;
  echo?: boolean;
}

/** --dir/-d and --host/-b are one setting each under two names (nettool's and python -m http.server's). */
function mergeAliases(options: ServeFlags): ServeFlags {
  if (options.dir !== undefined && options.directory !== undefined) throw new UsageError('--dir and -d/--directory are the same option: give one');
  if (options.host !== undefined && options.bind !== undefined) throw new UsageError('--host and -b/--bind are the same option: give one');
  return { ...options, dir: options.dir ?? options.directory, host: options.host ?? options.bind };
}

function parseCount(text: string, option: string, { allowZero = false, integer = true } = {}): number {
  const value = Number(text);
  const ok = /^\d+(\.\d+)?$/.test(text.trim()) && (!integer || Number.isInteger(value)) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new UsageError(`bad ${option} '${text}': use a ${integer ? 'whole ' : ''}number${allowZero ? '' : ' above 0'}`);
  return value;
}

function checkOptions(name: string, definition: ServiceDefinition, port: string | undefined, options: ServeFlags): Exclude<ListenTarget, { kind: 'handoff' }> {
  const only = (flag: keyof ServeFlags, option: ServiceDefinition['accepts'][number], message: string) => {
    if (options[flag] !== undefined && options[flag] !== false && !definition.accepts.includes(option)) throw new UsageError(message);
  };
  if (options.udp && !definition.udp) throw new UsageError(`${name} has no UDP form; --udp works with echo, discard, daytime, time and chargen`);
  only('rfc868', 'rfc868', '--rfc868 is for the time service');
  only('dir', 'dir', '--dir is for the http service');
  only('authkey', 'authkey', '--authkey is for the mp service');
  only('authkeyFile', 'authkey', '--authkey is for the mp service');
  only('echo', 'echo', '--echo is for the mp service');
  only('ports', 'ports', '--ports is for the metrics service');
  only('processes', 'processes', '--processes is for the metrics service');
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

/** --ports: a bound on the list bounds the exporter's series (12 per port). */
function parseMetricsPorts(text: string | undefined): ReadonlySet<number> | undefined {
  if (text === undefined) return undefined;
  const ports = parsePortList([text], { lookup: lookupService });
  if (ports.length > 1024) throw new UsageError(`--ports '${text}' names ${ports.length} ports; the exporter takes at most 1024`);
  return new Set(ports);
}

export async function runServe(context: CommandContext, name: string, port: string | undefined, flags: ServeFlags): Promise<number> {
  if (!isServiceName(name)) {
    throw new UsageError(`unknown service '${name}': choose one of ${Object.keys(services).join(', ')}`);
  }
  const definition: ServiceDefinition = services[name];
  const options = mergeAliases(flags);
  const target = checkOptions(name, definition, port, options);
  const workers = parseWorkers(options.workers);
  checkWorkers(name, definition, workers, options, context.json);
  const ports = parseMetricsPorts(options.ports);
  const authkey = readAuthkey(options);
  const plan: ServePlan = {
    name,
    definition,
    limits: {
      allow: (options.allow ?? []).map(parseCidr),
      maxClients: options.maxClients === undefined ? 0 : parseCount(options.maxClients, '--max-clients'),
      idleTimeoutMs: parseCount(options.idleTimeout ?? '300', '--idle-timeout', { allowZero: true, integer: false }) * 1000,
      udpRate: parseCount(options.udpRate ?? '20', '--udp-rate', { integer: false }),
      now: context.io.now,
    },
    settings: {
      udp: options.udp === true,
      rfc868: options.rfc868 === true,
      dir: options.dir ?? '.',
      now: context.io.now,
      requestTimeoutMs: parseCount(options.requestTimeout ?? '30', '--request-timeout', { integer: false }) * 1000,
      ...(authkey ? { authkey } : {}),
      echo: options.echo === true,
      metrics: { processes: options.processes === true, ...(ports ? { ports } : {}) },
    },
    verbose: options.verbose === true,
    tui: options.tui === true,
  };
  const primary = workerAddress();
  if (primary) return serveAsWorker(context, plan, { kind: 'handoff', address: primary });
  if (workers > 1) return serveWithWorkers(context, plan, target, workers);
  return serveHere(context, plan, target);
}
