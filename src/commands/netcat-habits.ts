/** The netcat flags shared by telnet, listen and udp (-v, -n, -e, --sh-exec): what they leave in the options, and their checks. */
import { UsageError } from '../errors.js';
import type { ProgramSpec } from '../net/program-endpoint.js';

export interface NetcatHabitOptions {
  /** -v, -vv: how many times given. nettool's status lines are what nc prints with -v. */
  readonly verbose?: number;
  /** -n: no name lookups, so every host must be an IP address. */
  readonly n?: boolean;
}

export interface ExecOptions {
  /** -e, --exec CMD (ncat): the program, split at spaces, no shell. */
  readonly exec?: string;
  /** --sh-exec CMD (ncat): the command line, through /bin/sh -c. */
  readonly shExec?: string;
  readonly hex?: boolean;
  readonly q?: string;
}

/** The program -e or --sh-exec names, or undefined; options that would have nothing to act on are refused. */
export function programSpec(options: ExecOptions): ProgramSpec | undefined {
  if (options.exec !== undefined && options.shExec !== undefined) throw new UsageError('-e and --sh-exec together: choose one');
  const flag = options.exec !== undefined ? '-e' : '--sh-exec';
  const command = options.exec ?? options.shExec;
  if (command === undefined) return undefined;
  if (command.trim() === '') throw new UsageError(`${flag} needs a program to run`);
  if (options.hex) throw new UsageError(`${flag} does not go with -x: what arrives goes to the program, not to stdout`);
  if (options.q !== undefined) throw new UsageError(`${flag} does not go with -q: the program's exit ends the connection`);
  return options.exec !== undefined ? { kind: 'exec', command } : { kind: 'shell', command };
}
