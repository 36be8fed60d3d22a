/** An in-memory Io for running commands in-process: captured stdout/stderr, fixed clock. */
import { PassThrough, Writable } from 'node:stream';
import type { Io } from '../../src/io.js';

export interface FakeIo extends Io {
  readonly stdoutText: () => string;
  readonly stderrText: () => string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

export function fakeIo(options: { env?: Record<string, string>; now?: number; stdin?: string; signal?: AbortSignal } = {}): FakeIo {
  const stdout = sink();
  const stderr = sink();
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  return {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    now: () => options.now ?? Date.UTC(2026, 10, 25, 18, 35, 14),
    signal: options.signal ?? new AbortController().signal,
    stdoutText: stdout.text,
    stderrText: stderr.text,
  };
}
