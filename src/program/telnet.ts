/** `nettool telnet`: options and help. The work lives in commands/telnet.ts, loaded on use. */
import { Command } from 'commander';
import type { TelnetOptions } from '../commands/telnet.js';
import { execDanger, withExecOptions, withNetcatHabits } from './netcat-habits.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

const eofModel = `
End of input (stdin not a terminal):
  Everything on stdin is sent, in order, at the pace the peer reads it. When stdin ends, the
  write side is shut (half-close, as nc -N) and output goes on until the peer closes; then exit 0.
  -q S quits S seconds after stdin ends even if the peer stays open (-q 0: at once).
  A peer that closes first still gets the rest of stdin, then the session ends (exit 0); at a
  terminal it ends at once, as telnet does. A reset, a refused or timed-out connect, or -w idle
  time with nothing moving is exit 1; a bad port or address is exit 2; Ctrl-C is 130.

--json: what arrives is printed as JSON Lines, one record per chunk, the --transcript shape:
  {"t","dir":"in","size","data","hex"}.

Telnet protocol (without --raw):
  Option requests are answered (the server's ECHO and SGA accepted, the rest refused), IAC
  sequences are never printed, 0xFF in your data is doubled, and a newline is sent as CR LF.

At a terminal:
  Lines are edited locally (Backspace, Ctrl-U, Ctrl-W) and sent on Enter; when the server
  echoes (WILL ECHO) each key goes at once. Ctrl-D on an empty line ends input; Ctrl-C sends
  Interrupt Process (telnet) or quits (--raw). Ctrl-] opens the nettool> prompt:
  close, quit, status, send TEXT, help; Enter on an empty prompt resumes.
`;

export function telnetCommand(hooks: ProgramHooks): Command {
  const command = withGlobalOptions(new Command('telnet'), { shortQuiet: false })
    .description('interactive TCP client: telnet, or bytes in/bytes out like nc (--raw); TLS and Unix sockets')
    .argument('<host>', 'host, host:port, [v6]:port, or unix:/path/to.sock')
    .argument('[port]', 'port number or service name (default 23)')
    .option('--raw', 'no telnet protocol: bytes in, bytes out (netcat behaviour)')
    .option('--tls', 'TLS, verified against the system CAs and the host name, with SNI')
    .option('--ca <file>', 'also trust the CA certificate(s) in this PEM file (with --tls)')
    .option('--servername <name>', 'the name to send (SNI) and check the certificate against (with --tls; for unix:/path)')
    .option('--insecure', 'do not verify the certificate (with --tls); says so on stderr')
    .option('-C, --crlf', 'send CR LF for each newline (telnet mode always does)')
    .option('-w, --timeout <seconds>', 'connect timeout (default 10); also the idle limit when given')
    .option('-x, --hex', 'print received data as a hex dump (offset, hex, ASCII)')
    .option('-4', 'IPv4 only')
    .option('-6', 'IPv6 only')
    .option('-s, --source <addr>', 'local address to bind')
    .option('--transcript <file>', 'also write every chunk, both directions, as JSON Lines')
    .option('-N', 'shut the write side at end of input (the default; accepted for nc habits)')
    .option('-q <seconds>', 'quit this long after end of input, even if the peer stays open (for quiet: nettool -q telnet ...)')
    .option('-u, --udp', 'UDP, as nc -u: each stdin line is a datagram, replies go to stdout; waits -q/-w seconds (default 2) after input ends');
  return withExecOptions(withNetcatHabits(command))
    .addHelpText(
      'after',
      eofModel +
        execDanger('with --raw, the connection gets the program,', 'the server you connect to') +
        examples([
          ["printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nettool telnet example.com 80", 'print a whole HTTP response'],
          ['nettool telnet --tls --ca ca.pem localhost:8443', 'TLS with an extra CA'],
          ['nettool telnet --raw -q 1 unix:/run/app.sock < request.bin', 'raw bytes to a Unix socket'],
        ]),
    )
    .action(
      lazyAction(hooks, async (context, args: [string, string | undefined], options: TelnetOptions) =>
        (await import('../commands/telnet.js')).runTelnet(context, args, options),
      ),
    );
}
