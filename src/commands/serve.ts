/** `nettool serve`: checks the options, starts one service behind the shared policy, logs, and stops gracefully on SIGINT/SIGTERM. */
import { UsageError } from '../errors.js';
import { checkUnixPath, parseHost, parsePort } from '../protocol/address.js';
import { parsePortList } from '../protocol/port-list.js';
import { parseCidr } from '../protocol/cidr.js';
import type { ServeEvent } from '../protocol/serve-events.js';
import { formatServeEvent, formatServeEventJson } from '../render/serve-log.js';
import { formatBoundAddress, type ListenTarget } from '../servers/listen.js';
import { ConnectionPolicy } from '../servers/policy.js';
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

export async function runServe(context: CommandContext, name: string, port: string | undefined, options: ServeFlags): Promise<number> {
  if (!isServiceName(name)) {
    throw new UsageError(`unknown service '${name}': choose one of ${Object.keys(services).join(', ')}`);
  }
  const definition: ServiceDefinition = services[name];
  const target = checkOptions(name, definition, port, options);
  const allow = (options.allow ?? []).map(parseCidr);
  const maxClients = options.maxClients === undefined ? 0 : parseCount(options.maxClients, '--max-clients');
  const idleTimeoutMs = parseCount(options.idleTimeout ?? '300', '--idle-timeout', { allowZero: true, integer: false }) * 1000;
  const udpRate = parseCount(options.udpRate ?? '20', '--udp-rate', { integer: false });
  const { io } = context;

  const wantsTui = options.tui === true && !context.json;
  if (options.tui && context.json) context.status('--tui does not combine with --json; logging JSON Lines instead');
  let tui: ServeLive | undefined;
  const log = (event: ServeEvent) => {
    if (context.json) io.stdout.write(formatServeEventJson(event, io.now()));
    else if (tui) tui.onEvent(event);
    else if (!context.quiet) context.status(formatServeEvent(event));
  };
  const quietLog = context.quiet && !context.json && !wantsTui;
  const policy = new ConnectionPolicy({ allow, maxClients, idleTimeoutMs, udpRate, now: io.now, ...(quietLog ? {} : { onEvent: log }) });
  // A bound on --ports bounds the exporter's series (8 states each).
  const ports = options.ports === undefined ? undefined : new Set(parsePortList(options.ports, { lookup: lookupService, max: 1024 }));
  const metrics = { processes: options.processes === true, ...(ports ? { ports } : {}) };
  const handle = await definition.create({ target, policy, udp: options.udp === true, rfc868: options.rfc868 === true, dir: options.dir ?? '.', now: io.now, metrics });
  // Ink and React load only here: a live view on a terminal, after the bind has succeeded.
  if (wantsTui && io.stdout.isTTY === true) tui = await (await import('../ui/serve-live.js')).startServeLive(io, name);
  else if (wantsTui) context.status('--tui needs a terminal; logging instead');
  const transport = target.kind === 'unix' ? 'unix' : options.udp ? 'udp' : 'tcp';
  log({ type: 'listening', service: name, transport, address: formatBoundAddress(handle.address) });
  tui?.watch(policy);

  await waitForAbort(io.signal);
  await handle.close();
  // Closed clients' events run on the next turns of the loop; give them a moment so the summary counts them.
  for (let i = 0; i < 50 && !policy.idle; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  tui?.stop();
  const summary: ServeEvent = { type: 'summary', service: name, ...policy.summary() };
  if (context.json) io.stdout.write(formatServeEventJson(summary, io.now()));
  else context.status(formatServeEvent(summary));
  return 0;
}
