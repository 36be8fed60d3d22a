/** A program as one end of a connection (ncat -e, --sh-exec): its stdout as a ByteSource, its stdin as the output. Moves bytes only. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { NetworkError, describeSystemError } from '../errors.js';
import { createStreamSource, type ByteSource } from './byte-source.js';

/** `-e CMD` runs CMD split at spaces with no shell (as ncat --exec); `--sh-exec CMD` runs `/bin/sh -c CMD`. */
export type ProgramSpec = { readonly kind: 'exec'; readonly command: string } | { readonly kind: 'shell'; readonly command: string };

export interface ProgramEndpoint {
  /** What the program writes: sent to the peer. Its end (the program closed stdout or exited) ends our sending. */
  readonly source: ByteSource;
  /** What the peer sends goes here; ended when the peer half-closes, so the program sees end of input. */
  readonly input: Writable;
  /** Stops the program if it is still running (the connection ended first). */
  stop(): void;
}

/** argv for the spec: ncat splits -e at whitespace itself, with no quoting; --sh-exec leaves that to sh. */
export function programArgv(spec: ProgramSpec): readonly string[] {
  return spec.kind === 'shell' ? ['/bin/sh', '-c', spec.command] : spec.command.trim().split(/\s+/);
}

/**
 * Starts the program with stdin and stdout as pipes and stderr shared with ours. Resolves once it
 * has started; a program that cannot be found is a NetworkError naming it (the connection fails, a
 * `listen -k` goes on with the next peer).
 */
export function startProgram(spec: ProgramSpec, env: NodeJS.ProcessEnv): Promise<ProgramEndpoint> {
  const [file, ...args] = programArgv(spec);
  const child: ChildProcess = spawn(file!, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new NetworkError(`cannot run ${file}: ${describeSystemError(error)}`, { cause: error })));
    child.once('spawn', () => {
      // Writing to a program that has exited fails with EPIPE: its exit already ends the session.
      child.stdin!.on('error', () => {});
      resolve({
        source: createStreamSource(child.stdout!),
        input: child.stdin!,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
      });
    });
  });
}
