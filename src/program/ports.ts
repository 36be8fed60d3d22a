/** `nettool ports`: options and help. The work lives in commands/ports.ts, loaded on use. */
import { Command } from 'commander';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function portsCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('ports'))
    .description('look up service names and port numbers (/etc/services, else a built-in table)')
    .argument('[query...]', 'service names or port numbers; none lists the whole table')
    .option('--udp', 'UDP services instead of TCP')
    .addHelpText(
      'after',
      examples([
        ['nettool ports 443', 'https  443/tcp'],
        ['nettool ports smtp imaps', 'several at once'],
        ['nettool ports --udp --json', 'the UDP table as JSON'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [queries]: [string[]], options: { udp?: boolean }) =>
        (await import('../commands/ports.js')).runPorts(context, queries, options),
      ),
    );
}
