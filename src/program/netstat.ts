/** `nettool netstat`: options and help. The work lives in commands/netstat.ts, loaded on use. */
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

/** Repeatable options that also take comma-separated lists: `--state established,time-wait`. */
const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').filter((v) => v !== '')];

export function netstatCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('netstat'))
    .description('sockets and their owners, read from /proc as ss and netstat do; or the interface table')
    .argument('[filter...]', "ss's filter expression: sport = :8080, dport = :443, src 127.0.0.1, dst [::1], state established; and, or, not, ( )")
    .option('-t, --tcp', 'TCP sockets')
    .option('-u, --udp', 'UDP sockets')
    .option('-x, --unix', 'Unix sockets (default: TCP and UDP)')
    .option('-l, --listening', 'listening sockets only (default: not listening)')
    .option('-a, --all', 'listening and not')
    .option('-n, --numeric', 'port numbers instead of service names')
    .option('-p, --programs', 'the PID and program owning each socket')
    .option('--state <state>', 'only sockets in this state: established, listen, time-wait, ... (repeatable)', collect, [])
    .option('--port <port>', 'only sockets with either end on this port (repeatable)', collect, [])
    .option('--resolve', 'host names for addresses (/etc/hosts, then DNS)')
    .option('--wide', 'with -p, the whole command line')
    .option('-4', 'IPv4 sockets only')
    .option('-6', 'IPv6 sockets only')
    .option('-e, --extend', 'the User and Inode columns (netstat -e, ss -e)')
    .option('-s, --statistics', 'protocol counters (/proc/net/snmp, netstat, snmp6), the ones looked for first at the top')
    .option('-r, --route', 'the routing tables, IPv4 and IPv6 (-4 or -6 for one), in netstat -rn\'s columns')
    .option('-o, --timers', 'the Timer column: on (retransmit), keepalive, timewait, probe, with seconds left (netstat -o, ss -o)')
    .option('-c, --continuous', 'the table again every second until Ctrl-C (netstat -c; --watch is the live view)')
    .option('-i, --interfaces', 'the interface table: addresses, MAC, MTU, state, rx/tx counters')
    .option('--watch', 'live view in a terminal (keys: ? for help); else a snapshot every interval (text or JSON Lines)')
    .option('--interval <seconds>', 'seconds between refreshes with --watch (default 1)')
    .addHelpText(
      'after',
      examples([
        ['nettool netstat -tlnp', 'listening TCP sockets and who holds them'],
        ['nettool netstat -tn --state established --port 443', 'HTTPS connections'],
        ['nettool netstat --interfaces --json', 'interfaces with rx/tx counters, as JSON'],
        ['nettool netstat --watch', 'live view: new and closed connections, rates, per-process groups'],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [filter]: [string[]], given: import('../commands/netstat-watch.js').NetstatWatchOptions) => {
        const options = { ...given, filter };
        if (options.statistics) return (await import('../commands/netstat-reports.js')).runNetstatStatistics(context, options);
        if (options.route) return (await import('../commands/netstat-reports.js')).runNetstatRoutes(context, options);
        if (options.watch) return (await import('../commands/netstat-watch.js')).runNetstatWatch(context, options);
        if (options.interval !== undefined) throw new UsageError('--interval goes with --watch');
        return (await import('../commands/netstat.js')).runNetstat(context, options);
      }),
    );
}
