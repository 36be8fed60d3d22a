/** `nettool udp send|listen`: options and help. The work lives in commands/udp-*.ts, loaded on use. */
import { Command, InvalidArgumentError } from 'commander';
import type { UdpListenOptions } from '../commands/udp-listen.js';
import type { UdpSendOptions } from '../commands/udp-send.js';
import { withNetcatHabits } from './netcat-habits.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

function seconds(text: string): number {
  const value = Number(text);
  // Node timers hold at most 2^31-1 ms (24.8 days).
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2_000_000) {
    throw new InvalidArgumentError('give seconds from 0 to 2000000 (2.5 is fine).');
  }
  return value;
}

function positiveCount(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new InvalidArgumentError('give a whole number, 1 or more.');
  return Number(text);
}

function sendCommand(hooks: ProgramHooks): Command {
  return withNetcatHabits(withGlobalOptions(new Command('send')))
    .description('send datagrams (from the arguments, else stdin) and print the replies')
    .argument('<host>', 'name, IPv4 or IPv6 address; host:port and [v6]:port work too')
    .argument('[port]', 'port number or service name')
    .argument('[message...]', 'the datagram, words joined by spaces; without it, all of stdin is one datagram')
    .option('--lines', 'each stdin line is its own datagram')
    .option('-w, --wait <seconds>', 'wait this long after the last datagram for replies (0 = do not wait)', seconds, 2)
    .option('-c, --count <n>', 'stop waiting once N replies came', positiveCount)
    .option('--expect-reply', 'exit 1 when no reply comes within the wait (default: silence is exit 0, as nc -u)')
    .option('--hex', 'show reply payloads as hex')
    .addHelpText(
      'after',
      `
Exit status: 0 once sent, whether or not a reply came (UDP owes none; a status line says so);
1 for an ICMP port unreachable (nothing listens there) or, with --expect-reply, for silence.
` +
      examples([
        ['nettool udp send 127.0.0.1 10000 "Hello World"', 'one datagram, then 2 s of replies'],
        ['printf "a\\nb\\n" | nettool udp send --lines [::1]:9000', 'one datagram per line, over IPv6'],
        ['nettool udp send localhost domain -w 0 < query.bin', 'a binary datagram to port 53, no waiting'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [host, port, message]: [string, string | undefined, string[]], options: UdpSendOptions) =>
        (await import('../commands/udp-send.js')).runUdpSend(context, host, port, message, options),
      ),
    );
}

function listenCommand(hooks: ProgramHooks): Command {
  return withNetcatHabits(withGlobalOptions(new Command('listen')))
    .description('print every datagram that arrives: time, sender, size, payload (text or hex)')
    .argument('<port>', 'port number or service name (0 picks a free one); host:port works too')
    .option('--host <addr>', 'bind this address (default :: for IPv6 and IPv4 both)')
    .option('--echo', 'send every datagram back to its sender')
    .option('--reply <text>', 'answer every datagram with TEXT')
    .option('-c, --count <n>', 'stop after N datagrams', positiveCount)
    .option('--hex', 'show payloads as hex')
    .addHelpText(
      'after',
      examples([
        ['nettool udp listen 10000 --reply "Get off my lawn!"', 'answer everyone the same'],
        ['nettool udp listen 9000 --echo --host 127.0.0.1', 'an echo server on loopback only'],
        ['nettool udp listen 5353 --count 1 --json', 'wait for one datagram, print it as JSON'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [port]: [string], options: UdpListenOptions) =>
        (await import('../commands/udp-listen.js')).runUdpListen(context, port, options),
      ),
    );
}

export function udpCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('udp'))
    .description('send and receive UDP datagrams')
    .addCommand(sendCommand(hooks))
    .addCommand(listenCommand(hooks))
    .addHelpText(
      'after',
      examples([
        ['nettool udp listen 10000 --reply "Get off my lawn!"', 'a server that answers every datagram'],
        ['nettool udp send 127.0.0.1 10000 "Hello World"', 'send one and print the reply'],
      ]),
    );
}
