/** The process's edges as one injectable object, so commands run in tests with fakes. */
import { fstatSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { NettoolError } from './errors.js';

export interface Io {
  readonly stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown; fd?: number };
  /** stdin's file descriptor when it is the process's own (0), for commands that read it directly. */
  readonly stdinFd?: number;
  readonly stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch; injected so tests can fix the clock. */
  readonly now: () => number;
  /** Aborted on SIGINT or SIGTERM; its reason is the signal's name. */
  readonly signal: AbortSignal;
}

export function realIo(signal: AbortSignal): Io {
  return {
    // A getter: creating process.stdin makes a pipe non-blocking, which a command reading fd 0 must avoid.
    get stdin() {
      return process.stdin;
    },
    stdinFd: 0,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: Date.now,
    signal,
  };
}

/**
 * `< /tmp`: Node hands a directory on stdin over as an empty stream, which would send nothing (or
 * an empty datagram) and exit 0. Reading it is the failure; say so, as socat does (EISDIR, exit 1).
 */
export function refuseDirectoryStdin(fd: number | undefined): void {
  if (fd === undefined) return;
  let directory: boolean;
  try {
    directory = fstatSync(fd).isDirectory();
  } catch {
    return;
  }
  if (directory) throw new NettoolError('cannot read stdin: it is a directory (EISDIR)');
}

/** Writes and waits for 'drain' when the stream's buffer is full, so output never piles up. */
export function writeWithBackpressure(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (stream.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onDrain);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    stream.once('drain', onDrain);
    stream.once('error', onError);
    stream.once('close', onDrain);
  });
}
