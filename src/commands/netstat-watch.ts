/** `nettool netstat --watch`: the live view in a terminal; elsewhere a text snapshot or a JSON line every interval. */
import { UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import type { ConnectionFilter, SocketFamily } from '../protocol/connection-filter.js';
import type { TcpCounters } from '../protocol/tcp-info.js';
import type { ListeningMode } from '../protocol/watch-rows.js';
import { formatConnectionTable } from '../render/connections.js';
import { formatJsonLine } from '../render/json.js';
import type { ConnectionSource } from '../sources/connections.js';
import { loadNativeAddon } from '../sources/native-addon.js';
import { prefetchProcFiles } from '../sources/prefetched-proc.js';
import type { ProcFs } from '../sources/socket-owners.js';
import { readHostname } from '../sources/host.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import { readTcpCounters } from '../sources/tcp-counters.js';
import { createWatchFeed, readInterfaceByteCounters, type ByteCounters, type ServiceName } from '../sources/watch-feed.js';
import type { CommandContext } from './context.js';
import type { NetstatOptions } from './netstat.js';
import { hiddenOwnersNote, parseNetstatFilter, serviceNamesFor } from './netstat-shared.js';

export interface NetstatWatchOptions extends NetstatOptions {
  readonly watch?: boolean;
  /** Seconds between refreshes, as typed. */
  readonly interval?: string;
}

export interface NetstatWatchDependencies {
  /** The connection source; `fs` (given on the terminal path) serves the first tables read ahead. */
  readonly source: (fs?: ProcFs) => ConnectionSource;
  readonly tcpCounters: (filter: string | null, signal: AbortSignal) => Promise<ReadonlyMap<number, TcpCounters> | null>;
  readonly interfaceCounters: () => ReadonlyMap<string, ByteCounters>;
  readonly host: () => string;
}

/** Refreshes between full owner scans: a new socket whose owner only a full scan finds waits up to this many. */
const fullOwnerPassEvery = 5;

const defaultDependencies = (): NetstatWatchDependencies => ({
  source: (fs) => createConnectionSource({ ownerIndex: { fullPassEvery: fullOwnerPassEvery }, ...(fs ? { fs } : {}) }),
  tcpCounters: (filter, signal) => readTcpCounters({ filter, signal }),
  interfaceCounters: () => readInterfaceByteCounters(),
  host: readHostname,
});

/** Seconds → milliseconds: 0.1 s at the fastest (faster only burns CPU), a day at the slowest. */
export function parseInterval(text: string | undefined): number {
  if (text === undefined) return 1000;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 86400) {
    throw new UsageError(`bad --interval '${text}': give seconds from 0.1 to 86400, e.g. 1 or 0.5`);
  }
  return Math.round(seconds * 1000);
}

/** Waits `ms`, or less if the signal fires: the loops end promptly on Ctrl-C and SIGTERM. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function runNetstatWatch(context: CommandContext, options: NetstatWatchOptions, deps = defaultDependencies()): Promise<void> {
  if (options.interfaces) throw new UsageError('--watch shows connections; give --interfaces without --watch');
  if (options.resolve) throw new UsageError('--resolve is not available with --watch (a refresh would wait on DNS); leave it out');
  const intervalMs = parseInterval(options.interval);
  const filter = parseNetstatFilter(options);
  const serviceName: ServiceName | undefined = serviceNamesFor(options);
  const { io } = context;

  if (context.json || io.stdout.isTTY !== true) {
    await streamSnapshots(context, options, filter, intervalMs, serviceName, deps);
    return;
  }

  // The view reads TCP and UDP with listening sockets always, so that t, u and l can show them at once.
  const families = new Set<SocketFamily>(['tcp', 'udp', ...(options.unix ? (['unix'] as const) : [])]);
  // Ink and React load only here, on the one path that draws. Meanwhile the kernel writes out the
  // socket tables for the first refresh, on another thread (for /proc; sock_diag needs no head start).
  const ink = importLiveView();
  const tables = ['tcp', 'tcp6', 'udp', 'udp6', ...(options.unix ? ['unix'] : [])].map((name) => `/proc/net/${name}`);
  const feed = createWatchFeed({
    source: deps.source(loadNativeAddon().kind === 'loaded' ? undefined : await prefetchProcFiles(tables)),
    filter: { ...filter, families, listening: 'all' },
    wide: options.wide === true,
    ...(serviceName ? { serviceName } : {}),
    tcpCounters: (ssFilter) => deps.tcpCounters(ssFilter, io.signal),
    interfaceCounters: deps.interfaceCounters,
    now: io.now,
    quickFirst: true,
  });
  // As in the one-shot table: -t, -u and -x pick protocols; none of them means TCP and UDP.
  const named = options.tcp === true || options.udp === true || options.unix === true;
  const listening: ListeningMode = options.listening ? 'only' : options.all || filter.states ? 'show' : 'hide';
  // The first refresh reads no rates: tcp_info would triple the dump (or ss would hand it over) just
  // as the first frame is due.
  const [{ runLiveView }, { createTheme }, initialSnapshot] = await Promise.all([ink, import('../ui/theme.js'), feed.next({ kind: 'ports', pairs: [] })]);
  await runLiveView(io, {
    feed,
    initialSnapshot,
    intervalMs,
    host: deps.host(),
    theme: createTheme(context.palette.enabled),
    options: { tcp: named ? options.tcp === true : true, udp: named ? options.udp === true : true, listening },
  });
}

/**
 * Ink's layout engine (yoga-layout) loads its embedded wasm with fetch() when fetch exists, which
 * brings in Node's whole HTTP client (undici) to read a data: URL; without fetch it decodes the same
 * bytes itself. Hiding fetch while Ink loads takes about 20 ms of CPU off the first frame.
 */
async function importLiveView(): Promise<typeof import('../ui/live-view.js')> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await import('../ui/live-view.js');
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'fetch', descriptor);
    else delete (globalThis as { fetch?: unknown }).fetch;
  }
}

/** Without a terminal (or with --json): the one-shot output again every interval, until a signal. */
async function streamSnapshots(
  context: CommandContext,
  options: NetstatWatchOptions,
  filter: ConnectionFilter,
  intervalMs: number,
  serviceName: ServiceName | undefined,
  deps: NetstatWatchDependencies,
): Promise<void> {
  const { io } = context;
  const owners = options.programs === true;
  const source = deps.source();
  let warned = false;
  while (!io.signal.aborted) {
    const started = io.now();
    const snapshot = source.snapshot(filter, { owners, wide: options.wide === true });
    const time = new Date(started).toISOString();
    const note: string | undefined = owners && !warned ? hiddenOwnersNote(snapshot) : undefined;
    if (note) context.status(note);
    warned ||= note !== undefined;
    const text = context.json
      ? formatJsonLine({ time, connections: snapshot.connections })
      : `# ${time}\n${formatConnectionTable(snapshot.connections, { palette: context.palette, owners, ...(serviceName ? { serviceName } : {}) })}\n`;
    await writeWithBackpressure(io.stdout, text);
    await pause(Math.max(0, intervalMs - (io.now() - started)), io.signal);
  }
}
