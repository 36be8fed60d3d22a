/** `nettool dns`: options and help. The work lives in commands/dns.ts (and dns-packet), loaded on use. */
import { Command } from 'commander';
import type { DnsOptions } from '../commands/dns-plan.js';
import { examples, lazyAction, withGlobalOptions, type ProgramHooks } from './shared.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function dnsCommand(hooks: ProgramHooks): Command {
  return withGlobalOptions(new Command('dns'), { shortQuiet: false })
    .description('DNS look-ups, as dig: names, TYPEs and @servers in any order')
    .usage('<name...> [TYPE...] [@server[:port]] [+dig-option...] [options]   or   -x <address> [@server]')
    .argument(
      '[words...]',
      'names, record TYPEs (A AAAA MX TXT NS SOA CNAME PTR SRV CAA NAPTR DS DNSKEY HTTPS SVCB ANY AXFR IXFR=serial), a class (CH), ' +
        '@server[:port] (or @server#port), and dig\'s +options: +short +tcp/+vc +tls +https[=/path] +dnssec +[no]rec[urse] +cd +nsid ' +
        '+trace +noall +answer +authority +additional +question +comments +stats +time=S +tries=N +retry=N +bufsize=B',
    )
    .option('--short', 'only the answer data, one record a line (dig +short)')
    .option('--tcp', 'ask over TCP (UDP answers with TC set go to TCP anyway)')
    .option('--tls', 'DNS over TLS (port 853 unless @server:port says otherwise)')
    .option('--https <url>', 'DNS over HTTPS (RFC 8484), e.g. https://127.0.0.1:8443/dns-query')
    .option('--system', 'ask the operating system (getaddrinfo: /etc/hosts, nsswitch) instead of a DNS server')
    .option('-x, --reverse <address>', 'reverse look-up: the PTR of an IPv4 or IPv6 address (repeatable)', collect)
    .option('-t, --type <type>', 'a record type, as a word would give it (repeatable)', collect)
    .option('-c, --class <class>', 'the query class, as dig -c: IN (default), CH, HS, CLASSnnn')
    .option('-q, --query <name>', 'a name to look up, even one that reads as a TYPE (dig -q; repeatable)', collect)
    .option('-p, --port <port>', 'the port of every @server named without one (dig -p)')
    .option('-4, --ipv4', 'only IPv4 servers (dig -4)')
    .option('-6, --ipv6', 'only IPv6 servers (dig -6)')
    .option('--root-hints <file>', 'for +trace: the root servers, as a zone file of NS and A/AAAA records (default: the @server)')
    .option('--timeout <seconds>', 'time for each try', '2')
    .option('--retries <tries>', 'tries per server before giving up', '2')
    .option('--dnssec', 'set the DO bit: show the AD flag and RRSIG records')
    .option('--no-recurse', 'clear RD: ask the server only what it knows itself')
    .option('--compare', 'ask the system resolver and every server, side by side, marking differences')
    .option('--insecure', 'for --tls/--https: do not check the certificate (said on stderr)')
    .option('--ca <file>', 'for --tls/--https: trust this CA certificate (PEM)')
    .addHelpText(
      'after',
      examples([
        ['nettool dns example.com MX AAAA @1.1.1.1', 'two types from one server'],
        ['nettool dns -x 2001:db8::1 --short', 'reverse look-up, just the name'],
        ['nettool dns example.com --compare @9.9.9.9 @1.1.1.1', 'where the system and two servers disagree'],
        ['nettool dns example.com MX +noall +answer @127.0.0.1 -p 5353', "dig's habits: the answer lines only"],
      ]),
    )
    .action(
      lazyAction(hooks, async (context, [words]: [string[]], options: DnsOptions) =>
        (await import('../commands/dns.js')).runDns(context, words, options),
      ),
    );
}
