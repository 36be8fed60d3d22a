/** Assembles the commander program from program/*.ts and runs it; loaded by cli.ts for every run but `--version`. */
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../errors.js';
import type { Io } from '../io.js';
import { colorLevel, createPalette } from '../render/palette.js';
import type { CommandContext } from '../commands/context.js';
import { dnsCommand } from './dns.js';
import { infoCommand } from './info.js';
import { netstatCommand } from './netstat.js';
import { portsCommand } from './ports.js';
import { rpcCommand } from './rpc.js';
import { serveCommand } from './serve.js';
import { udpCommand } from './udp.js';
import { telnetCommand } from './telnet.js';
import { listenCommand } from './listen.js';
import { captureCommand } from './capture.js';
import { mpCommand } from './mp.js';
import { pickleCommand } from './pickle.js';
import { scanCommand } from './scan.js';
import { withGlobalOptions, type ProgramHooks } from './shared.js';
import { version } from '../version.js';

/** Every command, in the order `--help` lists them. Each file only declares options; work loads lazily. */
const commandFactories = {
  telnet: telnetCommand,
  listen: listenCommand,
  udp: udpCommand,
  netstat: netstatCommand,
  dns: dnsCommand,
  serve: serveCommand,
  rpc: rpcCommand,
  scan: scanCommand,
  pickle: pickleCommand,
  mp: mpCommand,
  ports: portsCommand,
  capture: captureCommand,
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

function buildProgram(io: Io, finish: (code: number) => void, argv: readonly string[]): Command {
  const hooks: ProgramHooks = { context: (command) => createContext(io, command), finish };
  const program = withGlobalOptions(new Command('nettool'))
    .description('telnet, nc, ss/netstat and dig in one tool, with live views where watching beats reading')
    .version(version, '-V, --version', 'the package version')
    .helpOption('-h, --help', 'help for nettool or a command')
    .enablePositionalOptions()
    .showSuggestionAfterError(true);
  for (const name of commandsFor(argv)) program.addCommand(commandFactories[name](hooks));
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

/**
 * Parses `argv` and runs the command it names. Resolves with the exit code; commander's own
 * errors are already printed (as one line) and become exit 2. Anything a command throws is
 * passed on for cli.ts to print.
 */
export async function runProgram(given: readonly string[], io: Io): Promise<number> {
  // `help NAME` where NAME is no command: the one-line error (and suggestion) that `NAME` alone gets,
  // rather than commander's whole help.
  const argv = given[0] === 'help' && given.length === 2 && !given[1]!.startsWith('-') && !Object.hasOwn(commandFactories, given[1]!) ? given.slice(1) : given;
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    argv,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Help and version are commander errors with exit code 0; every other one is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    throw error;
  }
}
