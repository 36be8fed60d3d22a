/** One connected stream as telnet and listen run it: codec, output format, transcript, terminal or pipe. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { ExitCode, NettoolError, UsageError, describeSystemError } from '../errors.js';
import type { ByteSource } from '../net/byte-source.js';
import { StreamRelay, type RelayEnd, type RelayOptions } from '../net/relay.js';
import { CrlfEncoder, IP, TelnetDecoder, TelnetEncoder, TelnetOption, encodeTelnetCommand } from '../protocol/telnet.js';
import { formatHexDump } from '../render/hexdump.js';
import { formatTranscriptLine } from '../render/transcript.js';
import { TerminalInput } from '../ui/terminal-input.js';
import type { CommandContext } from './context.js';

export interface SessionOptions {
  /** Telnet NVT and option negotiation; false for --raw and listen. */
  readonly telnet: boolean;
  /** -C: LF → CR LF on the way out (telnet mode does this anyway, as NVT requires). */
  readonly crlf: boolean;
  /** -x: received data as a hex dump. */
  readonly hex: boolean;
  readonly transcript?: Transcript;
  readonly quitAfterEofMs?: number;
  readonly idleMs?: number;
  /** listen: the peer leaving ends the session once stdin has nothing ready (nc -l). */
  readonly endWithPeerOnIdleInput?: boolean;
  /** -e/--sh-exec: received bytes go to this program's stdin, as they are, instead of stdout. */
  readonly program?: Writable;
}

/** `--transcript FILE`: JSON Lines, written synchronously so that it never queues without bound. */
export interface Transcript {
  record(dir: 'in' | 'out', bytes: Uint8Array): void;
  close(): void;
}

export function openTranscript(path: string, now: () => number): Transcript {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`cannot write --transcript ${path}: ${describeSystemError(error)}`);
  }
  return {
    record: (dir, bytes) => {
      try {
        writeSync(fd, formatTranscriptLine(now(), dir, bytes));
      } catch (error) {
        throw new NettoolError(`cannot write --transcript ${path}: ${describeSystemError(error)}`, ExitCode.Network, { cause: error });
      }
    },
    close: () => closeSync(fd),
  };
}

/**
 * What stdout gets for received data: the bytes; with --json one transcript record per chunk
 * (JSON Lines, the --transcript shape with "dir":"in"), which already carries the hex; with -x a hex dump.
 */
function outputFormat(context: CommandContext, options: SessionOptions): RelayOptions['render'] {
  if (context.json) return (data) => formatTranscriptLine(context.io.now(), 'in', data);
  if (options.hex) return (data, offset) => formatHexDump(data, offset);
  return undefined;
}

/** Runs the relay for one connection. `input` is stdin's source or, on a terminal, the line editor. */
export async function runStreamSession(
  context: CommandContext,
  socket: Socket,
  peer: string,
  input: ByteSource | TerminalInput,
  options: SessionOptions,
): Promise<RelayEnd> {
  const decoder = options.telnet ? new TelnetDecoder() : undefined;
  const encoder = options.telnet ? new TelnetEncoder() : options.crlf ? new CrlfEncoder() : undefined;
  const terminal = input instanceof TerminalInput ? input : undefined;
  const relayOptions: RelayOptions = {
    source: input,
    output: options.program ?? context.io.stdout,
    endOutputWithPeer: options.program !== undefined,
    signal: context.io.signal,
    // A program's end of output is its end of the connection (ncat -e): our FIN, then close.
    quitAfterEofMs: options.program ? 0 : options.quitAfterEofMs,
    // At a terminal, as telnet: the server closing ends the session ("Connection closed by foreign host.").
    endWithPeer: terminal !== undefined,
    endWithPeerOnIdleInput: options.endWithPeerOnIdleInput,
    idleMs: options.idleMs,
    encode: encoder && ((bytes) => encoder.encode(bytes)),
    encodeEnd: encoder instanceof TelnetEncoder ? () => encoder.end() : undefined,
    decode:
      decoder &&
      ((bytes) => {
        const result = decoder.decode(bytes);
        // RFC 857: while the server echoes, local echo would double every key.
        if (terminal && result.events.length) terminal.setCharacterMode(decoder.remoteEnabled(TelnetOption.ECHO));
        return result;
      }),
    render: options.program ? undefined : outputFormat(context, options),
    onWire: options.transcript && ((dir, bytes) => options.transcript!.record(dir, bytes)),
  };
  const relay = new StreamRelay(socket, relayOptions);
  let hinted = false;
  terminal?.attach({
    send: (bytes) => relay.send(bytes),
    close: () => relay.close(),
    interrupt: () => {
      if (!options.telnet) return relay.interrupt();
      // As telnet does: Ctrl-C asks the server to interrupt its process (RFC 854 IP); it does not quit.
      relay.sendRaw(encodeTelnetCommand(IP));
      if (!hinted) terminal.say('(sent Interrupt Process; Ctrl-] then quit to leave)');
      hinted = true;
    },
    status: () => {
      const { bytesIn, bytesOut, inputEnded } = relay.stats;
      const mode = options.telnet ? `telnet, ${decoder?.remoteEnabled(TelnetOption.ECHO) ? 'character' : 'line'} mode` : 'raw';
      return `Connected to ${peer} (${mode}); ${bytesIn} bytes in, ${bytesOut} bytes out${inputEnded ? '; input ended' : ''}`;
    },
  });
  return relay.run();
}

/** Node timers hold at most 2^31-1 ms (24.8 days); a longer one would fire at once. */
const maxTimerSeconds = 2_000_000;

/** `-w 2.5`, `-q 0`: non-negative seconds as milliseconds; anything else is a usage error. */
export function parseSeconds(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > maxTimerSeconds) {
    throw new UsageError(`bad ${flag} '${text}': give seconds from 0 to ${maxTimerSeconds}, e.g. ${flag} 5`);
  }
  return Math.round(value * 1000);
}

/**
 * nc's `-q SECONDS`. Words that are no number at all are someone reaching for quiet
 * (`telnet -q HOST PORT`), which is the global -q, before the command.
 */
export function parseQuitSeconds(text: string): number {
  if (text.trim() === '' || Number.isNaN(Number(text))) {
    throw new UsageError(`-q takes seconds; for quiet use the global -q before the command (got '${text}')`);
  }
  return parseSeconds(text, '-q');
}

/** Whether stdin is a person at a terminal (line editor) rather than a pipe or file. */
export function stdinIsTerminal(context: CommandContext): boolean {
  // Asking process.stdin would create it, and that makes a pipe non-blocking for the fast reader.
  const fd = context.io.stdinFd;
  return fd === undefined ? context.io.stdin.isTTY === true : isatty(fd);
}

/** The line editor at the terminal: echo and the prompt go to the screen, even when stdout is redirected. */
export function openTerminalInput(context: CommandContext): TerminalInput {
  const { stdin, stdout, stderr } = context.io;
  return new TerminalInput(stdin, stdout.isTTY || !stderr.isTTY ? stdout : stderr);
}
