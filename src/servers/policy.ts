/** The connection policy every service shares: allow-list, client limit, idle timeout, access log, byte counts, stop. No service logic here. */
import type { Socket } from 'node:net';
import { formatPeer, unmapAddress } from '../protocol/address.js';
import { isAllowed, type Cidr } from '../protocol/cidr.js';
import { SourceRateLimiter } from '../protocol/rate-limit.js';
import type { ClientSnapshot, ServeEvent, ServeSummary } from '../protocol/serve-events.js';

export interface PolicyOptions {
  /** Client blocks allowed (--allow); empty allows everyone. */
  readonly allow?: readonly Cidr[];
  /** Most clients connected at once (--max-clients); 0 or absent is unlimited. */
  readonly maxClients?: number;
  /** Close a client with no traffic either way for this long (--idle-timeout); 0 disables. */
  readonly idleTimeoutMs?: number;
  /** Datagrams answered per second per source (--udp-rate). */
  readonly udpRate?: number;
  readonly now: () => number;
  /** Receives the log events; absent (quiet, no live view) means none are built at all. */
  readonly onEvent?: (event: ServeEvent) => void;
}

interface ClientRecord {
  readonly id: number;
  readonly client: string;
  readonly sinceMs: number;
  readonly socket: Socket;
  reason?: string;
  /** Bytes both ways at the last idle sweep, and when they last changed. */
  seenBytes: number;
  activeMs: number;
}

/**
 * The name a peer goes by in logs: `127.0.0.1:53422` (IPv4-mapped addresses unmapped), `[::1]:5000`, or `unix socket peer`.
 * A TCP peer that reset before it was accepted has no address any more (getpeername says ENOTCONN), but its
 * socket still has a local one: that is not a Unix socket peer.
 */
export function describePeer(socket: Socket): string {
  if (socket.remoteAddress === undefined) return socket.localAddress === undefined ? 'unix socket peer' : 'a TCP peer already gone (reset before accept)';
  return formatPeer(socket.remoteAddress, socket.remotePort ?? 0);
}

/**
 * Why a new stream client is turned away, or undefined to admit it: the allow-list, then the client
 * limit against `live` clients. Shared by the policy and by `serve --workers`' primary, which admits
 * for every worker.
 */
export function refusalReason(socket: Socket, options: Pick<PolicyOptions, 'allow' | 'maxClients'>, live: number): string | undefined {
  const allow = options.allow ?? [];
  if (allow.length > 0 && socket.localAddress !== undefined) {
    // A TCP peer without an address (reset before accept) cannot be shown to be allowed: fail closed.
    if (socket.remoteAddress === undefined) return 'address unknown, not in --allow';
    if (!isAllowed(allow, socket.remoteAddress)) return 'not in --allow';
  }
  const max = options.maxClients ?? 0;
  if (max > 0 && live >= max) return `too many clients (--max-clients ${max})`;
  return undefined;
}

export class ConnectionPolicy {
  private readonly live = new Map<number, ClientRecord>();
  private readonly limiter: SourceRateLimiter;
  private readonly limitedSources = new Set<string>();
  private readonly startedMs: number;
  private nextId = 1;
  private totals = { connections: 0, refused: 0, datagrams: 0, dropped: 0, bytesIn: 0, bytesOut: 0 };
  private stopping = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: PolicyOptions) {
    this.startedMs = options.now();
    this.limiter = new SourceRateLimiter({ ratePerSecond: options.udpRate ?? 20, maxSources: 10_000 });
    const idle = options.idleTimeoutMs ?? 0;
    // One sweep for all clients instead of a timer per socket: socket.setTimeout would re-arm a timer
    // on every read and write, a cost paid per chunk on the echo path.
    if (idle > 0) this.sweeper = setInterval(() => this.sweepIdle(idle), Math.min(1000, Math.max(50, idle / 5))).unref();
  }

  private sweepIdle(idle: number): void {
    const now = this.options.now();
    for (const record of this.live.values()) {
      const bytes = record.socket.bytesRead + record.socket.bytesWritten;
      if (bytes !== record.seenBytes) {
        record.seenBytes = bytes;
        record.activeMs = now;
      } else if (now - record.activeMs >= idle) {
        record.reason = `idle for ${idle / 1000} s`;
        record.socket.destroy();
      }
    }
  }

  /**
   * Decides on a new stream connection. A refused one is destroyed at once and logged; an admitted
   * one is watched for idleness and gets an owner that counts its bytes and logs its close.
   * (TCP_NODELAY is set by the servers' own noDelay option, without a second system call.)
   */
  admit(socket: Socket): boolean {
    // Naming the peer costs a getpeername(2); only pay it when someone reads the log.
    const client = this.options.onEvent ? describePeer(socket) : '';
    const refusal = this.refusalFor(socket);
    if (refusal) {
      this.totals.refused++;
      socket.destroy();
      this.options.onEvent?.({ type: 'refused', client, reason: refusal });
      return false;
    }
    const sinceMs = this.options.now();
    const record: ClientRecord = { id: this.nextId++, client, sinceMs, socket, seenBytes: 0, activeMs: sinceMs };
    this.live.set(record.id, record);
    this.totals.connections++;
    // A reset by the peer is an ordinary end for a server; 'close' follows and is logged there.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') record.reason ??= error.message;
    });
    socket.once('close', () => this.onClose(record));
    this.options.onEvent?.({ type: 'connection', id: record.id, client });
    return true;
  }

  private refusalFor(socket: Socket): string | undefined {
    return this.stopping ? 'server stopping' : refusalReason(socket, this.options, this.live.size);
  }

  private onClose(record: ClientRecord): void {
    this.live.delete(record.id);
    const bytesIn = record.socket.bytesRead;
    const bytesOut = record.socket.bytesWritten;
    this.totals.bytesIn += bytesIn;
    this.totals.bytesOut += bytesOut;
    if (!this.options.onEvent) return;
    this.options.onEvent({
      type: 'closed',
      id: record.id,
      client: record.client,
      bytesIn,
      bytesOut,
      durationMs: this.options.now() - record.sinceMs,
      ...(record.reason ? { reason: record.reason } : {}),
    });
  }

  /** Decides on one incoming datagram: the allow-list, then the per-source rate (RFC 864/862 services amplify). */
  admitDatagram(address: string, port: number): boolean {
    if (this.stopping) return false;
    const client = formatPeer(address, port);
    if (!isAllowed(this.options.allow ?? [], address)) {
      this.totals.refused++;
      this.options.onEvent?.({ type: 'refused', client, reason: 'not in --allow' });
      return false;
    }
    const source = unmapAddress(address);
    if (!this.limiter.take(source, this.options.now())) {
      this.totals.dropped++;
      // One log line when a source goes over, not one per dropped datagram (that would be a log flood).
      if (!this.limitedSources.has(source) && this.limitedSources.size < 1000) {
        this.limitedSources.add(source);
        this.options.onEvent?.({ type: 'rate-limited', client, limit: this.options.udpRate ?? 20 });
      }
      return false;
    }
    this.limitedSources.delete(source);
    return true;
  }

  /** Counts and logs one answered (or, with bytesOut 0, absorbed) datagram. */
  recordDatagram(address: string, port: number, bytesIn: number, bytesOut: number): void {
    this.totals.datagrams++;
    this.totals.bytesIn += bytesIn;
    this.totals.bytesOut += bytesOut;
    if (this.options.onEvent) this.options.onEvent({ type: 'datagram', client: formatPeer(address, port), bytesIn, bytesOut });
  }

  /** Passes an HTTP request line to the log. */
  recordRequest(event: Omit<Extract<ServeEvent, { type: 'request' }>, 'type'>): void {
    this.options.onEvent?.({ type: 'request', ...event });
  }

  /** A server-side failure that does not stop the service (accept hitting EMFILE, say). */
  reportError(error: unknown): void {
    this.options.onEvent?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }

  /** The clients connected now, with their byte counts at this moment. */
  clients(): ClientSnapshot[] {
    return [...this.live.values()].map(({ id, client, sinceMs, socket }) => ({
      id,
      client,
      sinceMs,
      bytesIn: socket.bytesRead,
      bytesOut: socket.bytesWritten,
    }));
  }

  /** Refuses new clients from now on and closes every connected one; their close events follow. */
  closeAll(reason = 'server stopping'): void {
    this.stopping = true;
    clearInterval(this.sweeper);
    for (const record of this.live.values()) {
      record.reason ??= reason;
      record.socket.destroy();
    }
  }

  /** Whether every client has gone (after closeAll, once their close events have run). */
  get idle(): boolean {
    return this.live.size === 0;
  }

  summary(): ServeSummary {
    let { bytesIn, bytesOut } = this.totals;
    // Clients still connected count too, if a summary is asked for before they have closed.
    for (const { socket } of this.live.values()) {
      bytesIn += socket.bytesRead;
      bytesOut += socket.bytesWritten;
    }
    return { ...this.totals, bytesIn, bytesOut, durationMs: this.options.now() - this.startedMs };
  }
}
