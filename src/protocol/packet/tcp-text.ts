/** TCP as tcpdump prints it: flags `[S.]`, sequence numbers relative to each connection's first, window, options. Pure, but keeps per-connection state. */
import type { Tcp, TcpOption } from './types.js';

/** tcpdump's letters, in its order (print-tcp.c): FIN SYN RST PSH ACK URG ECE CWR, and AE. */
const flagLetters: readonly (readonly [number, string])[] = [
  [0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W'], [0x100, 'e'],
];

export function formatTcpFlags(flags: number): string {
  let text = '';
  for (const [bit, letter] of flagLetters) if (flags & bit) text += letter;
  return text || 'none';
}

function formatOption(option: TcpOption, relative: (value: number) => number): string {
  switch (option.kind) {
    case 'mss':
      return `mss ${option.value}`;
    case 'wscale':
      return `wscale ${option.value}`;
    case 'sackOK':
      return 'sackOK';
    case 'sack':
      return `sack ${option.blocks.length} ${option.blocks.map(([left, right]) => `{${relative(left)}:${relative(right)}}`).join('')}`;
    case 'timestamp':
      return `TS val ${option.value} ecr ${option.echo}`;
    case 'nop':
      return 'nop';
    case 'eol':
      return 'eol';
    case 'other':
      return `unknown-${option.code}`;
  }
}

interface Base {
  seq: number;
  ack: number;
}

/**
 * tcpdump's relative sequence numbers: the first packet with ACK set seen on a connection (or any
 * SYN) records its sequence and acknowledgement numbers; later packets print theirs as offsets. The
 * connection key is ordered so that both directions share one entry; the `rev` rule is tcpdump's:
 * by port first, then by address.
 */
export class TcpSequences {
  private readonly bases = new Map<string, Base>();

  /** Forgets every connection (a bound on memory for long captures; tcpdump keeps them all). */
  clear(): void {
    this.bases.clear();
  }

  get size(): number {
    return this.bases.size;
  }

  relative(src: string, dst: string, tcp: Tcp): { readonly seq: number; readonly ack: number; readonly base: number } {
    if ((tcp.flags & 0x10) === 0) return { seq: tcp.seq, ack: tcp.ack, base: 0 };
    const rev = tcp.sport > tcp.dport || (tcp.sport === tcp.dport && src > dst);
    const key = rev ? `${dst} ${src} ${tcp.dport} ${tcp.sport}` : `${src} ${dst} ${tcp.sport} ${tcp.dport}`;
    const known = this.bases.get(key);
    if (!known || tcp.flags & 0x02) {
      if (this.bases.size >= 65_536) this.bases.clear();
      this.bases.set(key, rev ? { ack: tcp.seq, seq: (tcp.ack - 1) >>> 0 } : { seq: tcp.seq, ack: (tcp.ack - 1) >>> 0 });
      return { seq: tcp.seq, ack: tcp.ack, base: 0 };
    }
    const seqBase = rev ? known.ack : known.seq;
    const ackBase = rev ? known.seq : known.ack;
    // SACK blocks acknowledge the peer's bytes, so they are relative to the acknowledgement base.
    return { seq: (tcp.seq - seqBase) >>> 0, ack: (tcp.ack - ackBase) >>> 0, base: ackBase };
  }
}

/** `Flags [P.], seq 1:19, ack 1, win 64, options [nop,nop,TS val 1 ecr 2], length 18` */
/** `base` is what SACK blocks are shown relative to. */
export function formatTcp(tcp: Tcp, numbers: { readonly seq: number; readonly ack: number; readonly base: number }): string {
  let text = `Flags [${formatTcpFlags(tcp.flags)}]`;
  const length = tcp.payloadLength;
  if (length > 0) text += `, seq ${numbers.seq}:${(numbers.seq + length) >>> 0}`;
  else if (tcp.flags & 0x07) text += `, seq ${numbers.seq}`;
  if (tcp.flags & 0x10) text += `, ack ${numbers.ack}`;
  text += `, win ${tcp.window}`;
  if (tcp.flags & 0x20) text += `, urg ${tcp.urgent}`;
  if (tcp.options.length > 0) {
    const relative = (value: number) => (value - numbers.base) >>> 0;
    text += `, options [${tcp.options.map((option) => formatOption(option, relative)).join(',')}]`;
  }
  return `${text}, length ${length}`;
}
