/** `nettool mp`: options and help. The work lives in commands/mp.ts, loaded on use. */
import { Command } from 'commander';
import type { MpOptions } from '../commands/mp.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function mpCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('mp'))
    .description("a Python multiprocessing.connection client: send values, print the replies")
    .argument('<address>', 'HOST:PORT of a Listener (or unix:/path)')
    .argument('[values...]', "Python literals or JSON, each sent as one message; none: one per line from stdin")
    .option('--authkey <key>', "the Listener's authkey (both handshakes: Python 3.11's HMAC-MD5 and 3.12's {sha256})")
    .option('--authkey-file <file>', 'the key from a file (one trailing newline dropped), kept out of ps')
    .option('-w, --timeout <seconds>', 'give up on connecting, the handshake or a reply after this long', '10')
    .addHelpText(
      'after',
      examples([
        ["nettool mp 127.0.0.1:6000 --authkey secret '(3, 5)'", 'prints 8 from the course addserv'],
        ["nettool mp localhost:6000 --authkey-file key.txt \"('Hello', 'World')\" '[[1], [2]]'", 'two messages, two replies'],
        ["echo '{\"a\": [1, 2]}' | nettool mp 127.0.0.1:6000 --json", 'a JSON value in, the reply as JSON'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [address, values]: [string, string[]], options: MpOptions) =>
        (await import('../commands/mp.js')).runMp(context, address, values, options),
      ),
    );
}
