/** The options every createXServer takes: where to listen, the shared policy, and the few service-specific settings. */
import type { ConnectionPolicy } from './policy.js';
import type { ListenTarget } from './listen.js';
import type { MetricsOptions } from '../protocol/socket-metrics.js';

export interface ServiceOptions {
  readonly target: ListenTarget;
  readonly policy: ConnectionPolicy;
  /** UDP instead of a stream (echo, discard, daytime, time, chargen). */
  readonly udp?: boolean;
  /** Milliseconds since the epoch; injected so tests can fix the clock. */
  readonly now?: () => number;
  /** time: RFC 868 binary instead of ctime text. */
  readonly rfc868?: boolean;
  /** HTTP services: the whole request must arrive within this (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** http: the directory served. */
  readonly dir?: string;
  /** mp: the multiprocessing authkey clients must prove they hold; absent means no handshake. */
  readonly authkey?: Uint8Array;
  /** mp: answer every message with itself instead of adding pairs. */
  readonly echo?: boolean;
  /** metrics: which listening ports to report, and whether to count sockets per program. */
  readonly metrics?: MetricsOptions;
}
