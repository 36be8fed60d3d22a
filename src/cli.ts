/** The program: builds commander, runs one command, and is the ONE place that sets the exit code. */
import { Command, CommanderError } from 'commander';
import { ExitCode, formatErrorLine, InterruptedError, NettoolError, toNettoolError } from './errors.js';
import { realIo, type Io } from './io.js';
import { colorLevel, createPalette } from './render/palette.js';
import type { CommandContext } from './commands/context.js';
import { dnsCommand } from './program/dns.js';
import { infoCommand } from './program/info.js';
import { netstatCommand } from './program/netstat.js';
import { portsCommand } from './program/ports.js';
import { rpcCommand } from './program/rpc.js';
import { udpCommand } from './program/udp.js';
import { telnetCommand } from './program/telnet.js';
import { listenCommand } from './program/listen.js';
import { withGlobalOptions, type ProgramHooks } from './program/shared.js';
import { version } from './version.js';

/** Every command, in the order `--help` lists them. Each file only declares options; work loads lazily. */
const commandFactories = {
  telnet: telnetCommand,
  listen: listenCommand,
  udp: udpCommand,
  netstat: netstatCommand,
  dns: dnsCommand,
  rpc: rpcCommand,
  ports: portsCommand,
  info: infoCommand,
} as const;

/**
 * Which commands the program needs for these arguments. Global options take no values, so the
 * first word that is not an option names the command; declaring only that one keeps start-up
 * short. `--version` alone needs none; help, `help CMD` or a mistyped name need them all.
 */
function commandsFor(argv: readonly string[]): readonly (keyof typeof commandFactories)[] {
  const all = Object.keys(commandFactories) as (keyof typeof commandFactories)[];
  const word = argv.find((arg) => !arg.startsWith('-'));
  if (word === undefined) return argv.some((arg) => arg === '-V' || arg === '--version') && !argv.some((arg) => arg === '-h' || arg === '--help') ? [] : all;
  return all.includes(word as keyof typeof commandFactories) ? [word as keyof typeof commandFactories] : all;
}

interface GlobalFlags {
  json?: boolean;
  color?: boolean;
  quiet?: boolean;
}

async function createContext(io: Io, command: Command): Promise<CommandContext> {
  const chain: GlobalFlags[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.push(c.opts<GlobalFlags>());
  const json = chain.some((o) => o.json === true);
  const quiet = chain.some((o) => o.quiet === true);
  const noColorFlag = chain.some((o) => o.color === false);
  const palette = await createPalette(colorLevel({ noColorFlag, env: io.env, isTTY: io.stdout.isTTY === true }));
  const stderrPalette = await createPalette(colorLevel({ noColorFlag, env: io.env, isTTY: io.stderr.isTTY === true }));
  return {
    io,
    json,
    quiet,
    palette,
    status: (line) => {
      if (!quiet) io.stderr.write(`${stderrPalette.dim(line)}\n`);
    },
  };
}

export function buildProgram(io: Io, finish: (code: number) => void, argv?: readonly string[]): Command {
  const hooks: ProgramHooks = { context: (command) => createContext(io, command), finish };
  const program = withGlobalOptions(new Command('nettool'))
    .description('telnet, nc, ss/netstat and dig in one tool, with live views where watching beats reading')
    .version(version, '-V, --version', 'the package version')
    .helpOption('-h, --help', 'help for nettool or a command')
    .enablePositionalOptions()
    .showSuggestionAfterError(true);
  for (const name of argv ? commandsFor(argv) : Object.keys(commandFactories)) {
    program.addCommand(commandFactories[name as keyof typeof commandFactories](hooks));
  }
  // Settings that `.command()` would inherit but `addCommand` does not: apply them to the whole tree.
  const configure = (command: Command) => {
    command
      .exitOverride()
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        // One line, always: commander puts its suggestion on a second line.
        outputError: (text, write) =>
          write(`nettool: ${text.replace(/^error: /, '').replace(/\n\(Did you mean (.+)\?\)\s*$/, ' (did you mean $1?)\n')}`),
      })
      .helpOption('-h, --help', 'help for this command');
    command.commands.forEach(configure);
  };
  configure(program);
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: false });
  return program;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  return toNettoolError(error).exitCode;
}

/** Runs nettool with these arguments; resolves with the exit code instead of exiting. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  }, argv);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeFor(error);
    let failure = io.signal.aborted && !(error instanceof NettoolError) ? new InterruptedError() : toNettoolError(error);
    // Commands only know they were stopped; which signal did it decides the words and the code.
    if (failure instanceof InterruptedError && io.signal.reason === 'SIGTERM') failure = new NettoolError('terminated', ExitCode.Terminated);
    io.stderr.write(formatErrorLine(failure.message));
    if (io.env.NETTOOL_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return failure.exitCode;
  }
}

/** The process entry point, called by bin/nettool.js. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
    if (controller.signal.aborted) process.exit(code);
    controller.abort(signal);
    // A command that does not wind down on the signal within a moment is stopped.
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed pipe downstream (`| head -3`) is a normal end for a command-line tool, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
  });
  const code = await run(process.argv.slice(2), realIo(controller.signal));
  // Let buffered output reach a pipe before exiting; process.exit would cut it short.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
