/** `nettool info`: options and help. The work lives in commands/info.ts, loaded on use. */
import { Command } from 'commander';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function infoCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('info'))
    .description('this host: name, interfaces and addresses, default gateway, DNS servers')
    .addHelpText(
      'after',
      examples([
        ['nettool info', 'a summary for people'],
        ['nettool info --json', 'the same as one JSON document'],
        ["nettool info --json | jq -r '.interfaces[].name'", 'just the interface names'],
      ]),
    )
    .action(lazyAction(hooks, async (context) => (await import('../commands/info.js')).runInfo(context)));
}
