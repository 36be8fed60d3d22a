import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDns, type DnsOptions } from '../../../src/commands/dns-plan.js';
import { UsageError } from '../../../src/errors.js';

const defaults: DnsOptions = { timeout: '2', retries: '2', recurse: true };
const noResolvConf = () => {
  throw new Error('the host resolvers must not be consulted here');
};

describe('planDns', () => {
  it('asks A by default, every name × type, then each -x as PTR', () => {
    const plan = planDns(['a.test', 'b.test', 'MX', 'TXT', '@127.0.0.1:5353'], { ...defaults, reverse: ['192.0.2.1'] }, noResolvConf);
    expect(plan.questions).toEqual([
      { name: 'a.test', type: 15 }, { name: 'a.test', type: 16 }, { name: 'b.test', type: 15 }, { name: 'b.test', type: 16 },
      { name: '1.2.0.192.in-addr.arpa', type: 12 },
    ]);
    expect(plan.servers).toEqual([{ kind: 'inet', host: '127.0.0.1', port: 5353 }]);
    expect(plan.failover).toBe(false);
    expect(plan.exchange).toMatchObject({ transport: 'auto', timeoutMs: 2000, tries: 2, recurse: true, dnssec: false });
  });

  it('falls over along resolv.conf when no @server is named, on 853 for --tls', () => {
    const plan = planDns(['a.test'], { ...defaults, tls: true, timeout: '0.5', retries: '3' }, () => ['127.0.0.2', 'fe80::1%eth0']);
    expect(plan.servers).toEqual([{ kind: 'inet', host: '127.0.0.2', port: 853 }, { kind: 'inet', host: 'fe80::1', port: 853 }]);
    expect(plan.failover).toBe(true);
    expect(plan.exchange).toMatchObject({ transport: 'tls', timeoutMs: 500, tries: 3 });
  });

  it('takes the DoH server from --https and reads --ca', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nettool-plan-'));
    writeFileSync(join(dir, 'ca.pem'), 'PEM');
    const plan = planDns(['a.test'], { ...defaults, https: 'https://127.0.0.1:8443/dns-query', ca: join(dir, 'ca.pem') }, noResolvConf);
    expect(plan.servers).toEqual([{ kind: 'https', url: new URL('https://127.0.0.1:8443/dns-query') }]);
    expect(plan.exchange.tls.ca?.toString()).toBe('PEM');
  });

  it.each([
    [[], {}, /no name to look up/],
    [['a.test'], { type: ['BOGUS'] }, /unknown record type 'BOGUS'/],
    [['a.test'], { timeout: '0' }, /bad --timeout '0'/],
    [['a.test'], { timeout: 'soon' }, /bad --timeout/],
    [['a.test'], { retries: '0' }, /bad --retries '0'/],
    [['a.test'], { retries: '1.5' }, /bad --retries/],
    [['a.test'], { tcp: true, tls: true }, /--tcp and --tls do not go together/],
    [['a.test'], { insecure: true }, /--insecure and --ca are for --tls and --https/],
    [['a.test', '@127.0.0.1'], { https: 'https://127.0.0.1/dns-query' }, /leave out @server/],
    [['a.test'], { https: 'http://127.0.0.1/dns-query' }, /must start with https/],
    [['a.test'], { https: 'not a url' }, /bad --https URL/],
    [['a.test'], { https: 'https://a%zz@127.0.0.1/dns-query' }, /malformed percent-encoding in the user name/],
    [['a.test', 'MX'], { system: true }, /only ask for A and AAAA/],
    [['a.test', '@127.0.0.1'], { system: true }, /leave out @server/],
    [['a.test', '@127.0.0.1'], { short: true, compare: true }, /--short and --compare/],
    [['a.test'], { https: 'https://127.0.0.1/', ca: '/nonexistent/ca.pem' }, /cannot read --ca/],
  ])('%j %j is a usage error', (words, options, message) => {
    const run = () => planDns(words, { ...defaults, ...options } as DnsOptions, () => ['127.0.0.1']);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(message);
  });

  it('+trace without @server or --root-hints is a usage error, and never reads resolv.conf', () => {
    expect(() => planDns(['a.test', '+trace'], defaults, noResolvConf)).toThrow(/\+trace starts from a root server/);
    expect(planDns(['a.test', '+trace'], { ...defaults, rootHints: '/x' }, noResolvConf).servers).toEqual([]);
  });

  it("dig's -p, @server#port, +https, -4 and -c shape the plan", () => {
    expect(planDns(['a.test', '@127.0.0.1', '@[::1]#5300'], { ...defaults, port: '5353', ipv4: true }, noResolvConf).servers).toEqual([
      { kind: 'inet', host: '127.0.0.1', port: 5353 },
    ]);
    expect(planDns(['a.test', '+https', '@127.0.0.1:8443'], defaults, noResolvConf).servers).toEqual([
      { kind: 'https', url: new URL('https://127.0.0.1:8443/dns-query') },
    ]);
    expect(planDns(['version.bind', 'TXT'], { ...defaults, class: 'CH' }, () => ['127.0.0.1']).questions).toEqual([{ name: 'version.bind', type: 16, class: 3 }]);
    expect(() => planDns(['a.test', '@::1'], { ...defaults, ipv4: true }, noResolvConf)).toThrow(/-4 leaves no server/);
  });

  it('says so when resolv.conf has no nameserver', () => {
    expect(() => planDns(['a.test'], defaults, () => [])).toThrow(/no nameserver in \/etc\/resolv.conf/);
  });
});
