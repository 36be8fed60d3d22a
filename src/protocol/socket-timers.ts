/**
 * The timer columns of /proc/net/tcp, tcp6, udp and udp6 (`tr:tm->when retrnsmt ... timeout`), as
 * netstat -o shows them. Pure: text in, timers out, keyed by the socket's two ends.
 */
import type { InetConnection, InetProto } from './connection.js';
import { decodeProcAddress } from './proc-net.js';

/** Which timer runs (net/ipv4/tcp_ipv4.c get_tcp4_sock's timer_active), named as netstat -o names them. */
export type TimerKind = 'off' | 'on' | 'keepalive' | 'timewait' | 'probe';

export interface SocketTimer {
  readonly kind: TimerKind;
  /** Until it fires; 0 when off. */
  readonly seconds: number;
  readonly retransmits: number;
  /** Unanswered keepalive or zero-window probes (the `timeout` column). */
  readonly probes: number;
}

const kinds: Record<number, TimerKind> = { 0: 'off', 1: 'on', 2: 'keepalive', 3: 'timewait', 4: 'probe' };

/** The kernel reports tm->when in USER_HZ clock ticks (jiffies_delta_to_clock_t): 100 a second on Linux. */
const clockTicksPerSecond = 100;

const timerLine =
  /^ *\d+: ([0-9A-Fa-f]+):([0-9A-Fa-f]{4}) ([0-9A-Fa-f]+):([0-9A-Fa-f]{4}) [0-9A-Fa-f]{2} [0-9A-Fa-f]+:[0-9A-Fa-f]+ ([0-9A-Fa-f]{2}):([0-9A-Fa-f]+) ([0-9A-Fa-f]+) +\d+ +(\d+) /;

/** The key a row and its timer share: the protocol and both ends. */
export function timerKey(c: Pick<InetConnection, 'proto' | 'local' | 'remote'>): string {
  return `${c.proto} ${c.local.address} ${c.local.port} ${c.remote.address} ${c.remote.port}`;
}

export function parseSocketTimers(text: string, proto: InetProto, littleEndian: boolean): Map<string, SocketTimer> {
  const timers = new Map<string, SocketTimer>();
  for (const line of text.split('\n')) {
    const m = timerLine.exec(line);
    if (!m) continue;
    const kind = kinds[Number.parseInt(m[5]!, 16)];
    if (!kind) continue;
    const local = { address: decodeProcAddress(m[1]!, littleEndian), port: Number.parseInt(m[2]!, 16) };
    const remote = { address: decodeProcAddress(m[3]!, littleEndian), port: Number.parseInt(m[4]!, 16) };
    // A timer that has already fired shows a negative delta: the kernel prints it as 32-bit hex.
    const ticks = Number.parseInt(m[6]!, 16) | 0;
    timers.set(timerKey({ proto, local, remote }), {
      kind,
      seconds: kind === 'off' ? 0 : Math.max(0, ticks) / clockTicksPerSecond,
      retransmits: Number.parseInt(m[7]!, 16),
      probes: Number(m[8]),
    });
  }
  return timers;
}

/** `keepalive (7193.31/0/0)`, netstat -o's form: seconds left, retransmits, probes. */
export function formatSocketTimer(timer: SocketTimer | undefined): string {
  if (!timer) return '-';
  return `${timer.kind} (${timer.seconds.toFixed(2)}/${timer.retransmits}/${timer.probes})`;
}
