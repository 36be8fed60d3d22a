/** `nettool netstat --watch`: the live view in a terminal; elsewhere a text snapshot or a JSON line every interval. */
import { UsageError } from '../errors.js';
import type { ConnectionFilter, SocketFamily } from '../protocol/connection-filter.js';
import type { TcpCounters } from '../protocol/tcp-info.js';
import type { ListeningMode } from '../protocol/watch-rows.js';
import type { SnapshotFeed } from '../protocol/watch-view.js';
import { formatConnectionTable } from '../render/connections.js';
import { formatJsonLine } from '../render/json.js';
import type { ConnectionSource } from '../sources/connections.js';
import { loadNativeAddon } from '../sources/native-addon.js';
import { prefetchProcFiles } from '../sources/prefetched-proc.js';
import type { ProcFs } from '../sources/socket-owners.js';
import { readHostname } from '../sources/host.js';
import { createResolvingFeed, type NameOf } from '../sources/resolving-feed.js';
import { lookupService } from '../sources/services.js';
import { createConnectionSource } from '../sources/sock-diag-source.js';
import { readTcpCounters } from '../sources/tcp-counters.js';
import { createWatchFeed, readInterfaceByteCounters, type ByteCounters, type ServiceName } from '../sources/watch-feed.js';
import { streamSnapshots } from '../ui/driver/snapshot-stream.js';
import type { CommandContext } from './context.js';
import type { NetstatOptions } from './netstat.js';
import { hiddenOwnersNote, parseNetstatFilter, pause, serviceNamesFor } from './netstat-shared.js';

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
  /** --resolve: host names looked up in the background (node:dns loads only then). */
  readonly hostNames: () => Promise<NameOf>;
}

/** Refreshes between full owner scans: a new socket whose owner only a full scan finds waits up to this many. */
const fullOwnerPassEvery = 5;

const defaultDependencies = (): NetstatWatchDependencies => ({
  source: (fs) => createConnectionSource({ ownerIndex: { fullPassEvery: fullOwnerPassEvery }, ...(fs ? { fs } : {}) }),
  tcpCounters: (filter, signal) => readTcpCounters({ filter, signal }),
  interfaceCounters: () => readInterfaceByteCounters(),
  host: readHostname,
  hostNames: async () => {
    const names = (await import('../net/reverse-names.js')).createReverseNames();
    return (address) => names.nameOf(address);
  },
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

export async function runNetstatWatch(context: CommandContext, options: NetstatWatchOptions, deps = defaultDependencies()): Promise<void> {
  if (options.interfaces) throw new UsageError('--watch shows connections; give --interfaces without --watch');
  const intervalMs = parseInterval(options.interval);
  const filter = parseNetstatFilter(options);
  const serviceName: ServiceName | undefined = serviceNamesFor(options);
  const { io } = context;

  // Names come from look-ups in the background: a refresh never waits on DNS.
  const nameOf = options.resolve ? await deps.hostNames() : undefined;

  if (context.json || io.stdout.isTTY !== true) {
    await streamWithoutTerminal(context, options, filter, intervalMs, serviceName, deps, nameOf);
    return;
  }

  // The view reads TCP and UDP with listening sockets always, so that t, u and l can show them at once.
  const families = new Set<SocketFamily>(['tcp', 'udp', ...(options.unix ? (['unix'] as const) : [])]);
  // Ink and React load only here, on the one path that draws. Meanwhile the kernel writes out the
  // socket tables for the first refresh, on another thread (for /proc; sock_diag needs no head start).
  const ink = importLiveView();
  const tables = ['tcp', 'tcp6', 'udp', 'udp6', ...(options.unix ? ['unix'] : [])].map((name) => `/proc/net/${name}`);
  const procFeed: SnapshotFeed = createWatchFeed({
    source: deps.source(loadNativeAddon().kind === 'loaded' ? undefined : await prefetchProcFiles(tables)),
    filter: { ...filter, families, listening: 'all' },
    wide: options.wide === true,
    ...(serviceName ? { serviceName } : {}),
    tcpCounters: (ssFilter) => deps.tcpCounters(ssFilter, io.signal),
    interfaceCounters: deps.interfaceCounters,
    now: io.now,
    quickFirst: true,
  });
  const feed = nameOf ? createResolvingFeed(procFeed, nameOf) : procFeed;
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
    options: {
      tcp: named ? options.tcp === true : true,
      udp: named ? options.udp === true : true,
      unix: options.unix === true,
      listening,
      portOf: (name) => lookupService(name, 'tcp') ?? lookupService(name, 'udp'),
    },
  });
}

/**
 * Ink's layout engine (yoga-layout) loads its embedded wasm with fetch() when fetch exists, which
 * brings in Node's whole HTTP client (undici) to read a data: URL; without fetch it decodes the same
 * bytes itself. Hiding fetch while Ink loads takes about 20 ms of CPU off the first frame.
 */
function importLiveView(): Promise<typeof import('../ui/live-view.js')> {
  return withoutFetch(() => import('../ui/live-view.js'));
}

/** Runs `load` (an Ink entry's import) with fetch hidden: see importLiveView. */
export async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'fetch', descriptor);
    else delete (globalThis as { fetch?: unknown }).fetch;
  }
}

/** Without a terminal (or with --json): the one-shot output again every interval, until a signal. */
async function streamWithoutTerminal(
  context: CommandContext,
  options: NetstatWatchOptions,
  filter: ConnectionFilter,
  intervalMs: number,
  serviceName: ServiceName | undefined,
  deps: NetstatWatchDependencies,
  nameOf: NameOf | undefined,
): Promise<void> {
  const owners = options.programs === true;
  const source = deps.source();
  let warned = false;
  const hostName = nameOf && ((address: string) => nameOf(address) ?? undefined);
  await streamSnapshots(context.io, intervalMs, (started) => {
    const snapshot = source.snapshot(filter, { owners, wide: options.wide === true });
    const time = new Date(started).toISOString();
    const note: string | undefined = owners && !warned ? hiddenOwnersNote(snapshot) : undefined;
    if (note) context.status(note);
    warned ||= note !== undefined;
    return context.json
      ? formatJsonLine({ time, connections: snapshot.connections })
      : `# ${time}\n${formatConnectionTable(snapshot.connections, { palette: context.palette, owners, ...(serviceName ? { serviceName } : {}), ...(hostName ? { hostName } : {}) })}\n`;
  });
}
