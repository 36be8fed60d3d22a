/** `nettool scan`: a connect scan (nc -z) that also names services, and owners on this host. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { describeSystemError, NetworkError, UsageError } from '../errors.js';
import type { ProbeOutcome } from '../net/connect-outcome.js';
import { sweepPorts, type SweepOptions } from '../net/port-sweep.js';
import type { TcpTarget } from '../net/tcp-handle-probe.js';
import { createSocketProber } from '../net/tcp-probe.js';
import { sweepTcp, sweepThreads } from '../net/tcp-sweep.js';
import { createUdpProber } from '../net/udp-probe.js';
import { parseHost, splitHostPort } from '../protocol/address.js';
import { parsePortList } from '../protocol/port-list.js';
import { countStates, formatScanSummary, isShown, scanExitCode, type PortResult } from '../protocol/scan-result.js';
import { formatJson } from '../render/json.js';
import { formatScanTable, scanReportJson } from '../render/scan.js';
import { isLocalAddress, ownersOfPorts, type PortOwners } from '../sources/port-owners.js';
import { loadServices, lookupService } from '../sources/services.js';
import type { CommandContext, CommandResult } from './context.js';

export interface ScanOptions {
  readonly udp?: boolean;
  readonly wait?: string;
  readonly concurrency?: string;
  readonly rate?: string;
  readonly all?: boolean;
  readonly banner?: boolean;
  readonly '4'?: boolean;
  readonly '6'?: boolean;
}

function positiveNumber(text: string | undefined, flag: string, fallback: number, integer = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`${flag} takes a ${integer ? 'whole ' : ''}number above 0 (got '${text}')`);
  }
  return value;
}

/** The one address every port is probed on: a name resolves once (the first answer, as getaddrinfo orders them). */
async function resolveTarget(host: string, family: 0 | 4 | 6): Promise<TcpTarget> {
  const literal = isIP(host);
  if (literal === 4 || literal === 6) {
    if (family && literal !== family) throw new UsageError(`${host} is not an IPv${family} address (-${family})`);
    return { address: host, family: literal };
  }
  try {
    const found = await lookup(host, { family });
    return { address: found.address, family: found.family === 6 ? 6 : 4 };
  } catch (error) {
    throw new NetworkError(`cannot resolve '${host}': ${describeSystemError(error)}`, { cause: error });
  }
}

function sweep(target: TcpTarget, ports: readonly number[], options: ScanOptions, sweepOptions: SweepOptions): Promise<ProbeOutcome[]> {
  if (options.udp) return sweepPorts(ports, createUdpProber(target, { banner: options.banner }), sweepOptions);
  if (options.banner) {
    // The wait covers the connect and then the greeting, each given -w.
    const prober = createSocketProber(target, { bannerWaitMs: sweepOptions.timeoutMs });
    return sweepPorts(ports, prober, { ...sweepOptions, timeoutMs: sweepOptions.timeoutMs * 2 });
  }
  return sweepTcp(target, ports, sweepOptions);
}

export async function runScan(context: CommandContext, hostText: string, portWords: readonly string[], options: ScanOptions): Promise<CommandResult> {
  if (options['4'] && options['6']) throw new UsageError('-4 and -6 contradict each other; give one');
  const split = splitHostPort(hostText);
  if (split.port !== undefined && portWords.length) throw new UsageError(`ports given twice: '${hostText}' and '${portWords.join(' ')}'`);
  const words = split.port !== undefined ? [split.port] : portWords;
  const protocol = options.udp ? 'udp' : 'tcp';
  const ports = parsePortList(words, { lookup: lookupService, protocol });
  const timeoutMs = positiveNumber(options.wait, '-w', 1) * 1000;
  const concurrency = positiveNumber(options.concurrency, '--concurrency', 100, true);
  const ratePerSecond = options.rate === undefined ? undefined : positiveNumber(options.rate, '--rate', 0);
  const { host } = parseHost(split.host);
  const target = await resolveTarget(host, options['4'] ? 4 : options['6'] ? 6 : 0);

  context.status(`Scanning ${host === target.address ? host : `${host} (${target.address})`}: ${ports.length} ${protocol} port${ports.length === 1 ? '' : 's'}`);
  const started = performance.now();
  const sweeping = sweep(target, ports, options, { concurrency, ratePerSecond, timeoutMs, signal: context.io.signal });
  const local = isLocalAddress(target.address);
  // While worker threads sweep, this thread is idle: look up the owners of the listeners the list
  // covers now, rather than after (a /proc/PID/fd walk can take as long as the sweep).
  const early = local && !options.udp && !options.banner && sweepThreads(ports.length) > 1 ? lookUpOwners(context, target.address, ports, protocol) : undefined;
  const outcomes = await sweeping;
  const elapsedMs = performance.now() - started;

  const services = loadServices().table;
  // Only the ports shown become rows: a sweep of all 65,535 mostly counts refusals.
  const shown: PortResult[] = [];
  outcomes.forEach((outcome, i) => {
    if (isShown(outcome.state, options.all === true)) shown.push({ port: ports[i]!, service: services.nameOf(ports[i]!, protocol) ?? null, ...outcome });
  });
  const withOwners = local ? addOwners(context, target.address, shown, protocol, early) : shown;

  const counts = countStates(outcomes);
  const report = { host, address: target.address, protocol, ports: withOwners, counts, elapsedMs, owners: local, banners: options.banner === true } as const;
  context.io.stdout.write(context.json ? formatJson(scanReportJson(report)) : formatScanTable(report, context.palette));
  context.status(formatScanSummary(counts, elapsedMs));
  return scanExitCode(counts);
}

const isOpen = (result: PortResult) => result.state === 'open' || result.state === 'open|filtered';

/** The owners of the listeners on these ports, or null (with a status line) where the socket table cannot be read. */
function lookUpOwners(context: CommandContext, address: string, ports: readonly number[], protocol: 'tcp' | 'udp'): PortOwners | null {
  try {
    return ownersOfPorts(address, ports, protocol);
  } catch (error) {
    context.status(`owners unknown: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Owners of the open ports, from the socket table; a port with nobody found keeps pid null. Ports
 * `early` (looked up during the sweep) did not see a listener on are looked up now.
 */
function addOwners(context: CommandContext, address: string, shown: readonly PortResult[], protocol: 'tcp' | 'udp', early?: PortOwners | null): PortResult[] {
  const open = shown.filter(isOpen).map((result) => result.port);
  const missing = early ? open.filter((port) => !early.owners.has(port)) : open;
  const late = missing.length || !early ? lookUpOwners(context, address, missing, protocol) : null;
  if (early === null && late === null) return [...shown];
  const owners = new Map([...(early?.owners ?? []), ...(late?.owners ?? [])]);
  const denied = (early?.deniedProcesses ?? 0) + (late?.deniedProcesses ?? 0);
  const hidden = open.filter((port) => owners.get(port)?.pid == null).length;
  if (denied > 0 && hidden > 0) context.status(`run as root to see the owners of ${hidden} port${hidden === 1 ? '' : 's'}`);
  return shown.map((result) => {
    if (!isOpen(result)) return result;
    const owner = owners.get(result.port);
    return { ...result, pid: owner?.pid ?? null, program: owner?.program ?? null };
  });
}
