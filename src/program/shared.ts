/** Helpers shared by the commander definitions: global options, examples in help, the lazy action. */
import type { Command } from 'commander';
import type { CommandContext, CommandResult } from '../commands/context.js';

/** Builds the context for the command that runs; set up once by cli.ts. */
export type ContextFactory = (command: Command) => Promise<CommandContext>;

export interface ProgramHooks {
  readonly context: ContextFactory;
  /** Records a command's exit code for cli.ts, the one place that exits. */
  readonly finish: (code: number) => void;
}

/**
 * The global options, accepted after the command name too (`nettool ports 443 --json`).
 * `shortQuiet: false` frees `-q` for a command's own use (telnet's netcat-style `-q SECONDS`).
 */
export function withGlobalOptions(command: Command, { shortQuiet = true } = {}): Command {
  return command
    .option('--json', 'machine-readable output')
    .option('--no-color', 'no ANSI colours (also NO_COLOR; FORCE_COLOR forces them)')
    .option(shortQuiet ? '-q, --quiet' : '--quiet', 'no status lines on stderr');
}

/** The text after the options in `--help`: real commands a person can paste. */
export function examples(lines: readonly (readonly [string, string])[]): string {
  const width = Math.max(...lines.map(([command]) => command.length));
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command.padEnd(width)}  # ${what}`).join('\n')}\n`;
}

/**
 * Wraps a command so that its module is imported only when it runs.
 * `run` receives the context, the positional arguments and the options.
 */
export function lazyAction<A extends unknown[], O>(
  hooks: ProgramHooks,
  run: (context: CommandContext, args: A, options: O) => Promise<CommandResult>,
) {
  return async (...commanderArgs: unknown[]): Promise<void> => {
    const command = commanderArgs[commanderArgs.length - 1] as Command;
    const options = commanderArgs[commanderArgs.length - 2] as O;
    const args = commanderArgs.slice(0, -2) as A;
    process.title = commandTitle(command);
    const code = await run(await hooks.context(command), args, options);
    hooks.finish(code ?? 0);
  };
}

/**
 * `nettool netstat`, `nettool udp listen`: the name ps, top, ss -p and netstat -p show for this
 * process, instead of `node`. Linux keeps the first 15 bytes as the thread name (comm).
 */
export function commandTitle(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
