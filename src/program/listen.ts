/** `nettool listen`: options and help. The work lives in commands/listen.ts, loaded on use. */
import { Command } from 'commander';
import type { ListenOptions } from '../commands/listen.js';
import { execDanger, withExecOptions, withNetcatHabits } from './netcat-habits.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

const eofModel = `
What arrives is printed on stdout; stdin is sent to the peer; status lines go to stderr.
When stdin ends the write side is shut (half-close) and output goes on until the peer closes;
-q S closes S seconds after stdin ends. A peer that leaves first still gets what stdin keeps
sending (all of a file or of a fed pipe), but an open stdin that sends nothing for 200 ms does
not hold the session (as nc -l).
Without -k, nettool exits 0 when the first peer leaves; with -k it waits for the next one (one
peer at a time; others are turned away while busy).
Port 0 picks a free port and prints it. --json prints what arrives as JSON Lines records
{"t","dir":"in","size","data","hex"}, as telnet --json does.
`;

export function listenCommand(hooks: ProgramHooks): Command {
  const command = withGlobalOptions(new Command('listen'), { shortQuiet: false })
    .description('accept a connection and relay it to stdin/stdout (nc -l); TCP, TLS or a Unix socket')
    .argument('[address]', 'port number or service name (0 picks a free port); host:port and [v6]:port work too; with a second word (or -p), the host')
    .argument('[port]', 'the port, after a host (nc -l HOST PORT)')
    .option('--host <addr>', 'local address to listen on (default every address, IPv4 and IPv6)')
    .option('-p, --port <port>', 'the port (nc -l -p PORT, ncat -l -p PORT)')
    .option('-l', 'accepted for nc habits: listen always listens')
    .option('-k, --keep', 'keep listening after a peer leaves')
    .option('-u, --udp', 'UDP: print each datagram, send each stdin line to the last sender (nc -l -u)')
    .option('--unix <path>', 'listen on a Unix domain stream socket instead of a port')
    .option('--tls', 'TLS; without --cert/--key, a throwaway self-signed certificate (as ncat --ssl), its SHA-256 fingerprint on stderr')
    .option('--cert <file>', 'server certificate chain, PEM')
    .option('--key <file>', 'private key, PEM')
    .option('-C, --crlf', 'send CR LF for each newline')
    .option('-x, --hex', 'print received data as a hex dump (offset, hex, ASCII)')
    .option('--transcript <file>', 'also write every chunk, both directions, as JSON Lines')
    .option('-q <seconds>', 'close this long after end of input, even if the peer stays open');
  return withExecOptions(withNetcatHabits(command))
    .addHelpText(
      'after',
      eofModel +
        execDanger('each connection gets its own run of the program,', 'whoever reaches the port (bind to 127.0.0.1 or a Unix socket)') +
        examples([
          ['nettool listen 9000 --host 127.0.0.1', 'print what one client sends'],
          ['nettool listen 0 -k', 'a free port, one client after another'],
          ['nettool listen -u 5353 --host 127.0.0.1', 'print datagrams; stdin lines answer the sender'],
          ['nettool listen --tls --cert cert.pem --key key.pem 8443', 'a TLS endpoint for testing clients'],
          ["nettool listen -k 127.0.0.1 7000 -e 'tr a-z A-Z'", 'each peer gets its own tr (ncat -lk -e)'],
        ]),
    )
    .action(
      lazyAction(hooks, async (context, args: [string | undefined, string | undefined], options: ListenOptions) =>
        (await import('../commands/listen.js')).runListen(context, args, options),
      ),
    );
}
