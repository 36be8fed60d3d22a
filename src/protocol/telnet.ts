/** Telnet NVT decoding, encoding and option negotiation (RFC 854, 855, 1143). Pure: bytes in, bytes and events out. */

/** Telnet commands (RFC 854, "TELNET COMMAND STRUCTURE"). */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const IP = 244;
export const SE = 240;
export const NUL = 0;
export const LF = 10;
export const CR = 13;

/** Option codes (RFC 857 ECHO, RFC 858 SGA, RFC 1091 TTYPE, RFC 1073 NAWS, ...). */
export const TelnetOption = { BINARY: 0, ECHO: 1, SGA: 3, STATUS: 5, TM: 6, TTYPE: 24, NAWS: 31, TSPEED: 32, LFLOW: 33, LINEMODE: 34, ENVIRON: 36, NEW_ENVIRON: 39 } as const;

/** RFC 1143 option states; we never re-request while a request is pending, so the queue bit is not needed. */
type OptionState = 'no' | 'yes' | 'want-no' | 'want-yes';

export type TelnetEvent =
  | { readonly kind: 'remote-option'; readonly option: number; readonly enabled: boolean }
  | { readonly kind: 'refused'; readonly command: 'DO' | 'WILL'; readonly option: number }
  | { readonly kind: 'subnegotiation'; readonly option: number; readonly length: number }
  | { readonly kind: 'command'; readonly code: number };

export interface DecodeResult {
  /** Bytes for the user: IAC sequences removed, IAC IAC as one 0xFF, CR NUL as CR. */
  readonly data: Uint8Array;
  /** Bytes to send back to the peer (option replies), in order. */
  readonly reply: Uint8Array;
  readonly events: readonly TelnetEvent[];
}

type ParseState = 'data' | 'cr' | 'iac' | 'option' | 'sb-option' | 'sb' | 'sb-iac';

/** The options we let the server enable on its side: ECHO and SGA make real telnet servers (character mode) work. */
const acceptedRemote = new Set<number>([TelnetOption.ECHO, TelnetOption.SGA]);

/**
 * Decodes what a telnet server sends and answers its option requests.
 * Feed it any split of the stream (one byte at a time works); it keeps its state between calls.
 */
export class TelnetDecoder {
  private state: ParseState = 'data';
  private verb = 0;
  private sbOption = 0;
  private sbLength = 0;
  /** `him` in RFC 1143: options the server performs. `us` stays 'no': we refuse every DO. */
  private readonly remote = new Map<number, OptionState>();

  /** Whether the server has agreed to perform an option (ECHO on means it echoes, so we must not). */
  remoteEnabled(option: number): boolean {
    return this.remote.get(option) === 'yes';
  }

  decode(bytes: Uint8Array): DecodeResult {
    const data: number[] = [];
    const reply: number[] = [];
    const events: TelnetEvent[] = [];
    for (const byte of bytes) {
      switch (this.state) {
        case 'cr':
          // RFC 854 "THE NVT PRINTER": CR NUL is a bare carriage return; CR LF is end of line.
          this.state = 'data';
          if (byte === NUL) break;
          this.dataByte(byte, data);
          break;
        case 'data':
          this.dataByte(byte, data);
          break;
        case 'iac':
          this.state = 'data';
          if (byte === IAC) data.push(IAC);
          else if (byte >= WILL) {
            this.verb = byte;
            this.state = 'option';
          } else if (byte === SB) this.state = 'sb-option';
          else if (byte >= SE) events.push({ kind: 'command', code: byte });
          // Any other byte after IAC is undefined by RFC 854: dropped with the IAC.
          break;
        case 'option':
          this.state = 'data';
          this.negotiate(this.verb, byte, reply, events);
          break;
        case 'sb-option':
          this.sbOption = byte;
          this.sbLength = 0;
          this.state = 'sb';
          break;
        case 'sb':
          if (byte === IAC) this.state = 'sb-iac';
          else this.sbLength++;
          break;
        case 'sb-iac':
          // RFC 855: IAC IAC inside SB is a data 0xFF; IAC SE ends it; anything else ends it too (lenient).
          if (byte === IAC) {
            this.sbLength++;
            this.state = 'sb';
          } else {
            events.push({ kind: 'subnegotiation', option: this.sbOption, length: this.sbLength });
            this.state = 'data';
          }
          break;
      }
    }
    return { data: Uint8Array.from(data), reply: Uint8Array.from(reply), events };
  }

  private dataByte(byte: number, data: number[]): void {
    if (byte === IAC) this.state = 'iac';
    else {
      data.push(byte);
      if (byte === CR) this.state = 'cr';
    }
  }

  /** RFC 1143 section 7, for the server's side (WILL/WONT) and ours (DO/DONT, always refused). */
  private negotiate(verb: number, option: number, reply: number[], events: TelnetEvent[]): void {
    const him = this.remote.get(option) ?? 'no';
    switch (verb) {
      case WILL:
        if (him === 'no') {
          if (acceptedRemote.has(option)) {
            this.remote.set(option, 'yes');
            reply.push(IAC, DO, option);
            events.push({ kind: 'remote-option', option, enabled: true });
          } else {
            reply.push(IAC, DONT, option);
            events.push({ kind: 'refused', command: 'WILL', option });
          }
        } else if (him === 'want-yes') {
          this.remote.set(option, 'yes');
          events.push({ kind: 'remote-option', option, enabled: true });
        } else if (him === 'want-no') {
          // "Error: DONT answered by WILL": settle on no, without another reply (no loop).
          this.remote.set(option, 'no');
        }
        break;
      case WONT:
        if (him === 'yes') {
          this.remote.set(option, 'no');
          reply.push(IAC, DONT, option);
          events.push({ kind: 'remote-option', option, enabled: false });
        } else if (him !== 'no') {
          this.remote.set(option, 'no');
          if (him === 'want-yes') events.push({ kind: 'refused', command: 'WILL', option });
        }
        break;
      case DO:
        // We perform no options, so every DO is answered WONT (RFC 854: refusing is always allowed).
        reply.push(IAC, WONT, option);
        events.push({ kind: 'refused', command: 'DO', option });
        break;
      case DONT:
        // Our side is already 'no': acknowledging would start a loop (RFC 1143 section 2).
        break;
    }
  }
}

/** A one-shot command to the server, e.g. IAC IP for Ctrl-C (RFC 854). */
export function encodeTelnetCommand(code: number): Uint8Array {
  return Uint8Array.of(IAC, code);
}

/**
 * Encodes user data for the wire as an NVT (RFC 854): 0xFF doubled, a newline (LF) sent as CR LF,
 * a bare CR sent as CR NUL. The CR NUL decision is made when the next byte arrives, so nothing
 * is held back: call `end()` at the end of input to close a trailing CR.
 */
export class TelnetEncoder {
  private afterCr = false;

  encode(bytes: Uint8Array): Uint8Array {
    // Fast path: nothing to change (common for text without CR, LF or 0xFF).
    let plain = !this.afterCr;
    for (let i = 0; plain && i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === IAC || b === CR || b === LF) plain = false;
    }
    if (plain) return bytes;
    const out: number[] = [];
    for (const byte of bytes) {
      if (this.afterCr && byte !== LF) out.push(NUL);
      if (byte === LF && !this.afterCr) out.push(CR);
      out.push(byte);
      if (byte === IAC) out.push(IAC);
      this.afterCr = byte === CR;
    }
    return Uint8Array.from(out);
  }

  end(): Uint8Array {
    const tail = this.afterCr ? Uint8Array.of(NUL) : new Uint8Array(0);
    this.afterCr = false;
    return tail;
  }
}

/** `-C` for raw streams: a LF not already preceded by CR becomes CR LF; everything else passes unchanged. */
export class CrlfEncoder {
  private afterCr = false;

  encode(bytes: Uint8Array): Uint8Array {
    if (bytes.length === 0) return bytes;
    let needed = false;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === LF && !(i === 0 ? this.afterCr : bytes[i - 1] === CR)) {
        needed = true;
        break;
      }
    }
    const last = bytes[bytes.length - 1] === CR;
    if (!needed) {
      this.afterCr = last;
      return bytes;
    }
    const out: number[] = [];
    for (const byte of bytes) {
      if (byte === LF && !this.afterCr) out.push(CR);
      out.push(byte);
      this.afterCr = byte === CR;
    }
    return Uint8Array.from(out);
  }
}
