/** `nettool capture`: options and help. The work lives in commands/capture*.ts, loaded on use. */
import { Command, InvalidArgumentError } from 'commander';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

function wholeNumber(min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < min || Number(text) > max) throw new InvalidArgumentError(`give a whole number from ${min} to ${max}.`);
    return Number(text);
  };
}

export function captureCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('capture'))
    .description('print packets as tcpdump does (libpcap), or write and read pcap files')
    .argument('[filter...]', "tcpdump's filter syntax (pcap-filter(7)), e.g. 'udp port 53' or tcp and host 10.0.0.1")
    .option('-i, --interface <name>', 'capture on this interface (default any: all of them)')
    .option('-c, --count <n>', 'stop after N packets that pass the filter', wholeNumber(1, Number.MAX_SAFE_INTEGER))
    .option('-w, --write <file>', 'write the packets to a pcap file (- for stdout) instead of printing them')
    .option('-r, --read <file>', 'read packets from a pcap or pcapng file (- for stdin) instead of capturing')
    .option('-s, --snaplen <bytes>', 'keep at most this many bytes of each packet (0 = 262144, the default)', wholeNumber(0, 262_144))
    .option('-x, --hex', 'a hex dump of each packet from the network layer on, as tcpdump -x')
    .option('--resolve', 'host names for addresses (getnameinfo, cached; each new address waits up to 2 s), as tcpdump without -n')
    .option('--watch', 'flows by connection and process with bytes/s up and down, every interval (JSON Lines off a terminal or with --json)')
    .option('--interval <seconds>', 'seconds between --watch snapshots (default 1)')
    .addHelpText(
      'after',
      examples([
        ['nettool capture udp port 53', 'DNS queries and answers on every interface, as root'],
        ["nettool capture -i eth0 -c 100 -w out.pcap 'tcp port 443'", '100 TLS packets into a file Wireshark opens'],
        ['nettool capture -r out.pcap --json', 'a capture file as JSON Lines, no privileges needed'],
      ]) +
        '\nLive capture needs root or CAP_NET_RAW and libpcap; reading a file needs neither (a filter with -r\nneeds libpcap). Ctrl-C stops and prints the counters, as tcpdump does.\n',
    )
    .action(
      lazyAction(hooks, async (context, [filter]: [string[]], options: { interface?: string; count?: number; write?: string; read?: string; snaplen?: number; hex?: boolean; watch?: boolean; interval?: string }) =>
        (await import('../commands/capture.js')).runCapture(context, filter, options),
      ),
    );
}
