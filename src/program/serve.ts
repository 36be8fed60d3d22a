/** `nettool serve`: options and help. The work lives in commands/serve.ts, loaded on use. */
import { Command } from 'commander';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';
import type { ServeFlags } from '../commands/serve.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function serveCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('serve'))
    .description('run a small server: echo, discard, daytime, chargen, time, hello, http, xmlrpc, mp, metrics')
    .argument('<service>', 'echo | discard | daytime | chargen | time | hello | http | xmlrpc | mp | metrics')
    .argument('[port]', "port number or service name; 0 picks a free one (default: the service's own)")
    .option('--host <addr>', 'bind address (default: every interface, IPv4 and IPv6)')
    .option('--udp', 'UDP instead of TCP (echo, discard, daytime, time, chargen)')
    .option('--unix <path>', 'listen on a Unix domain socket instead')
    .option('--allow <cidr>', 'only clients in this block, e.g. 127.0.0.0/8 or ::1 (repeatable)', collect)
    .option('--max-clients <n>', 'refuse clients beyond N at once')
    .option('--idle-timeout <seconds>', 'close clients idle this long; 0 never', '300')
    .option('--request-timeout <seconds>', 'http, xmlrpc: the whole request (headers and body) must arrive within this', '30')
    .option('--udp-rate <n>', 'datagrams answered per second per source', '20')
    .option('--rfc868', 'time: 32-bit binary seconds since 1900 instead of text')
    .option('--dir <dir>', 'http: the directory to serve (default .)')
    .option('-d, --directory <dir>', 'http: the same as --dir (python -m http.server -d)')
    .option('-b, --bind <addr>', 'the same as --host (python -m http.server -b)')
    .option('-v, --verbose', 'http, xmlrpc, metrics: log connections opening and closing too, not only requests')
    .option('--authkey <key>', "mp: clients must prove they hold this key (Python's authkey handshake)")
    .option('--authkey-file <file>', 'mp: the key from a file (one trailing newline dropped), kept out of ps')
    .option('--echo', 'mp: answer every message with itself instead of adding pairs')
    .option('--ports <list>', "metrics: report these listening ports only, e.g. '22,80,8000-8100' (at most 1024)")
    .option('--processes', 'metrics: also count sockets per program (nettool_process_sockets)')
    .option('--workers <n>', 'TCP and Unix services: N processes behind one listener (node:cluster); auto = one per core', '1')
    .option('--tui', 'a live view of clients, totals and recent closes (on a terminal; q quits, ? for keys)')
    .addHelpText(
      'after',
      examples([
        ['nettool serve echo 0', 'an echo server on a free port, IPv4 and IPv6'],
        ['nettool serve http 8000 --dir ./public', 'static files, with listings and Range'],
        ['nettool serve http 8080 -b 127.0.0.1 -d ./site', 'python3 -m http.server 8080 -b 127.0.0.1 -d ./site'],
        ['nettool serve time 3737 --udp --rfc868 --allow 127.0.0.1', 'RFC 868 time for this host only'],
        ['nettool serve metrics 9469 --ports 22,443 --processes', 'a Prometheus exporter of the socket table'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [service, port]: [string, string | undefined], options: ServeFlags) =>
        (await import('../commands/serve.js')).runServe(context, service, port, options),
      ),
    );
}
