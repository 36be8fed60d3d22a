/** `nettool rpc`: options and help. The work lives in commands/rpc.ts, loaded on use. */
import { Command } from 'commander';
import type { RpcOptions } from '../commands/rpc.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function rpcCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('rpc'))
    .description('call an XML-RPC method and print the result as JSON')
    .argument('<url>', 'the endpoint: http:// or https://, with user:password@ for basic auth')
    .argument('[method]', 'the method to call (system.listMethods, add, ...)')
    .argument('[args...]', 'parameters, read as JSON where they parse (3 int, 2.5 double, true, [..], {..}), else strings')
    .option('-l, --list', 'list the methods the server offers (system.listMethods)')
    .option('--string', 'send every argument as a string, JSON or not')
    .option('--pickle', "send each argument (a Python literal or JSON) pickled in base64; show a pickled result as its value")
    .option('-w, --timeout <seconds>', 'give up after this long', '10')
    .option('--insecure', 'https: do not verify the server certificate')
    .option('--ca <file>', 'https: also trust this CA certificate (PEM)')
    .addHelpText(
      'after',
      examples([
        ['nettool rpc http://127.0.0.1:8080/RPC2 add 2 3', 'prints 5'],
        ["nettool rpc http://127.0.0.1:8080/ echo '{\"a\": [1, 2.5]}'", 'a struct holding an array'],
        ['nettool rpc https://user:secret@example.net/RPC2 --list', 'the methods, with basic auth'],
        ["nettool rpc http://127.0.0.1:8000/ add --pickle '[1, 2, 3]' '[4, 5]'", 'pickled arguments, the pickled result decoded'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [url, method, args]: [string, string | undefined, string[]], options: RpcOptions) =>
        (await import('../commands/rpc.js')).runRpc(context, { url, method, args }, options),
      ),
    );
}
