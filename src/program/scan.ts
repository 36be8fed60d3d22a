/** `nettool scan`: options and help. The work lives in commands/scan.ts, loaded on use. */
import { Command } from 'commander';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

export function scanCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('scan'))
    .description('which ports are open (nc -z), with service names, and the owning process when HOST is this machine')
    .argument('<host>', 'a name, an IPv4 address, or an IPv6 address (::1 or [::1]); a name resolves once')
    .argument('[ports...]', "numbers, ranges, lists and service names mixed: 22,80,8000-8100,https; '-' for all")
    .option('--udp', "UDP, nc -u -z's way: a reply is open, an ICMP port unreachable closed, silence open|filtered")
    .option('-w, --wait <seconds>', 'give up on a port after this long: filtered (default 1)')
    .option('--concurrency <n>', 'ports probed at once (default 100)')
    .option('--rate <n>', 'at most this many probes started per second')
    .option('--all', 'list closed and filtered ports too (default: open ones)')
    .option('--banner', 'show the first line each open port says within the wait (SSH, SMTP, FTP greet first)')
    .option('-4', 'IPv4 only (for a name)')
    .option('-6', 'IPv6 only (for a name)')
    .addHelpText(
      'after',
      examples([
        ['nettool scan localhost 1-1024', 'open ports below 1024, and who holds them'],
        ['nettool scan 127.0.0.1 22,25,http,8000-8100 --banner', 'what each open port says first'],
        ['nettool scan [::1] - --json', 'all 65,535 ports over IPv6, as JSON'],
      ]),
    )
    .addHelpText('after', '\nExit status: 0 when a port is open (nc -z), 1 when none is, 2 for a bad port list.\n')
    .action(
      lazyAction(hooks, async (context, [host, ports]: [string, string[]], options: import('../commands/scan.js').ScanOptions) =>
        (await import('../commands/scan.js')).runScan(context, host, ports, options),
      ),
    );
}
