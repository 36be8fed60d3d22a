import { execFileSync, spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import * as packet from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsmasq, freeDualPort, type Dnsmasq } from '../helpers/dnsmasq.js';
import { startDohRelay, type DohRelay } from '../helpers/doh-relay.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli, startCli, waitForExit } from '../helpers/run-cli.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls-cert.js';

/** rdata for --dns-rr, from dns-packet's own encoders (without their 2-byte length). */
const rdata = (codec: { encode: (data: never) => Buffer }, data: unknown) => codec.encode(data as never).subarray(2).toString('hex');
const codecs = packet as unknown as Record<string, { encode: (data: never) => Buffer }>;

const svcParams = (...params: [number, string][]) =>
  params.map(([key, value]) => `${key.toString(16).padStart(4, '0')}${(value.length / 2).toString(16).padStart(4, '0')}${value}`).join('');

const zone = [
  '--local=/test/', // NXDOMAIN for anything else under .test
  '--local-ttl=300', // a TTL to read back from the wire
  '--host-record=a.test,192.0.2.1,2001:db8::1',
  '--host-record=multi.test,192.0.2.10', '--host-record=multi.test,192.0.2.11', '--host-record=multi.test,192.0.2.12',
  '--host-record=localhost,127.0.0.1',
  '--mx-host=a.test,mail.a.test,10', '--mx-host=a.test,backup.a.test,20',
  '--txt-record=a.test,v=spf1 -all,second string',
  `--txt-record=long.test,${'x'.repeat(300)}`,
  `--txt-record=medium.test,${Array.from({ length: 3 }, (_, i) => String(i).repeat(250)).join(',')}`,
  `--txt-record=big.test,${Array.from({ length: 6 }, (_, i) => String(i).repeat(250)).join(',')}`,
  `--dns-rr=quoted.test,16,${Buffer.concat([Buffer.from([10]), Buffer.from('a"b\\c'), Buffer.from([1, 0xff]), Buffer.from('e;;')]).toString('hex')}`,
  '--srv-host=_sip._tcp.a.test,sip.a.test,5060,10,20',
  '--cname=www.a.test,a.test',
  '--ptr-record=1.2.0.192.in-addr.arpa,a.test',
  // Names that are not host names: classless reverse delegation (RFC 2317), hyphens at label ends.
  '--ptr-record=5.0/26.2.0.192.in-addr.arpa,a.test',
  '--txt-record=a-.x.-b.test,hyphens',
  '--ptr-record=1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa,v6.a.test',
  `--dns-rr=a.test,257,${rdata(codecs.caa!, { flags: 0, tag: 'issue', value: 'letsencrypt.org' })}`,
  `--dns-rr=a.test,43,${rdata(codecs.ds!, { keyTag: 2371, algorithm: 13, digestType: 2, digest: Buffer.from('32996839a6d808afe3eb4a795a0e6a7a39a76fc52ff228b22b76f6d63826f2b9', 'hex') })}`,
  `--dns-rr=a.test,48,${rdata(codecs.dnskey!, { flags: 257, algorithm: 13, key: Buffer.alloc(64, 7) })}`,
  // CDS and CDNSKEY (RFC 7344) carry DS and DNSKEY data.
  `--dns-rr=a.test,59,${rdata(codecs.ds!, { keyTag: 2371, algorithm: 13, digestType: 2, digest: Buffer.from('32996839a6d808afe3eb4a795a0e6a7a39a76fc52ff228b22b76f6d63826f2b9', 'hex') })}`,
  `--dns-rr=a.test,60,${rdata(codecs.dnskey!, { flags: 257, algorithm: 13, key: Buffer.alloc(64, 7) })}`,
  `--dns-rr=a.test,46,${rdata(codecs.rrsig!, {
    typeCovered: 'A', algorithm: 13, labels: 2, originalTTL: 300, expiration: 1800000000, inception: 1700000000, keyTag: 34505, signersName: 'a.test', signature: Buffer.alloc(64, 9),
  })}`,
  `--dns-rr=a.test,35,${rdata(codecs.naptr!, { order: 100, preference: 10, flags: 'S', services: 'SIP+D2U', regexp: '', replacement: '_sip._udp.a.test' })}`,
  `--dns-rr=a.test,6,${rdata(codecs.soa!, { mname: 'ns1.a.test', rname: 'hostmaster.a.test', serial: 2026112501, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 })}`,
  `--dns-rr=a.test,2,${rdata(codecs.ns!, 'ns1.a.test')}`,
  `--dns-rr=a.test,65,0001 00 ${svcParams([0, '00010004'], [1, '026833026832'], [2, ''], [3, '01bb'], [4, 'c0000201c0000202'], [5, '0045fe0d0041'], [6, '20010db8000000000000000000000001'])}`.replace(/ /g, ''),
  // PTR targets whose labels hold a dot, a space, bytes that are not UTF-8 and the master-file specials.
  `--dns-rr=odd.test,12,${Buffer.from([3, ...Buffer.from('a b'), 3, ...Buffer.from('c.d'), 2, 0x78, 0xff, 4, ...Buffer.from('"q";'), 4, ...Buffer.from('test'), 0]).toString('hex')}`,
  `--dns-rr=odd2.test,12,${Buffer.from([5, ...Buffer.from('café'), 1, 0x40, 2, ...Buffer.from('$x'), 3, ...Buffer.from('(p)'), 4, ...Buffer.from('test'), 0]).toString('hex')}`,
  // Strings that are not UTF-8: dig shows their bytes as \\DDD.
  '--dns-rr=bytes.test,257,0005697373756578ff79',
  `--dns-rr=a.test,64,0000${Buffer.from([3, ...Buffer.from('svc'), 1, ...Buffer.from('a'), 4, ...Buffer.from('test'), 0]).toString('hex')}`,
];

let dnsmasq: Dnsmasq;
let dig: string;
beforeAll(async () => {
  dig = requirePeer('dig', 'bind9-dnsutils');
  dnsmasq = await startDnsmasq(zone);
});
afterAll(async () => {
  await dnsmasq?.stop();
});

const at = () => `@127.0.0.1:${dnsmasq.port}`;
const digShort = (args: readonly string[]) =>
  execFileSync(dig, ['+short', '+time=5', '+tries=1', '@127.0.0.1', '-p', String(dnsmasq.port), ...args], { encoding: 'utf8' });

describe('nettool dns --short, judged line for line by dig +short', () => {
  it.each([
    [['a.test']],
    [['a.test', 'AAAA']],
    [['multi.test', 'A']],
    [['a.test', 'MX']],
    [['a.test', 'TXT']],
    [['quoted.test', 'TXT']],
    [['long.test', 'TXT']],
    [['medium.test', 'TXT']],
    [['big.test', 'TXT']],
    [['_sip._tcp.a.test', 'SRV']],
    [['www.a.test', 'A']],
    [['www.a.test', 'CNAME']],
    [['-x', '192.0.2.1']],
    [['-x', '2001:db8::1']],
    [['a.test', 'CAA']],
    [['a.test', 'NS']],
    [['a.test', 'SOA']],
    [['a.test', 'DS']],
    [['a.test', 'DNSKEY']],
    [['a.test', 'CDS']],
    [['a.test', 'CDNSKEY']],
    [['a.test', 'RRSIG']],
    [['a.test', 'NAPTR']],
    [['a.test', 'HTTPS']],
    [['a.test', 'SVCB']],
    [['odd.test', 'PTR']],
    [['5.0/26.2.0.192.in-addr.arpa', 'PTR']],
    [['a-.x.-b.test', 'TXT']],
    [['odd2.test', 'PTR']],
    [['bytes.test', 'CAA']],
    [['nx.test', 'A']],
  ])('%j', async (args) => {
    const expected = digShort(args);
    const { code, stdout, stderr } = await runCli(['dns', ...args, at(), '--short']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // dnsmasq hands out a name's A records round-robin, so each run may order them differently.
    const lines = (text: string) => (args[0] === 'multi.test' ? text.split('\n').sort() : text.split('\n'));
    expect(lines(stdout)).toEqual(lines(expected));
    if (!args.includes('nx.test')) expect(stdout).not.toBe('');
  });

  it('several names and types at once come out in argument order', async () => {
    const names = ['www.a.test', 'a.test', 'nx.test', 'long.test'];
    const expected = names.flatMap((name) => [digShort([name, 'TXT']), digShort([name, 'A'])]).join('');
    const { code, stdout } = await runCli(['dns', ...names, 'TXT', 'A', at(), '--short']);
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });
});

describe('nettool dns output', () => {
  it('text: a header with status, flags, time, server and protocol, then the ANSWER section', async () => {
    const { code, stdout } = await runCli(['dns', 'multi.test', at()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^;; multi\\.test\\. A from 127\\.0\\.0\\.1:${dnsmasq.port} \\(udp\\) in \\d+ ms\\n;; status: NOERROR, flags: qr aa rd ra; answer: 3,`));
    expect(stdout).toMatch(/^;; ANSWER SECTION:\nmulti\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.1\d$/m);
    expect(stdout.match(/IN\s+A\s+192\.0\.2\.1\d$/gm)).toHaveLength(3);
  });

  it('--json: the SPEC shape with TTLs from the wire', async () => {
    const { code, stdout } = await runCli(['--json', 'dns', 'a.test', 'MX', at()]);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout);
    expect(result).toEqual({
      name: 'a.test.',
      type: 'MX',
      server: `127.0.0.1:${dnsmasq.port}`,
      protocol: 'udp',
      status: 'NOERROR',
      flags: ['qr', 'aa', 'rd', 'ra'],
      timeMs: expect.any(Number),
      answers: expect.arrayContaining([
        { name: 'a.test.', type: 'MX', ttl: 300, class: 'IN', data: '10 mail.a.test.' },
        { name: 'a.test.', type: 'MX', ttl: 300, class: 'IN', data: '20 backup.a.test.' },
      ]),
      authority: [],
      additional: expect.any(Array),
    });
  });

  it('NXDOMAIN is an answer: exit 0 with the status shown', async () => {
    const text = await runCli(['dns', 'nx.test', at()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/status: NXDOMAIN/);
    const json = await runCli(['dns', 'nx.test', at(), '--json']);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ status: 'NXDOMAIN', answers: [] });
  });

  it('a TXT answer over 512 bytes fits the 1232-byte EDNS buffer: no TCP needed', async () => {
    const { stdout } = await runCli(['dns', 'medium.test', 'TXT', at(), '--json']);
    const [result] = JSON.parse(stdout);
    expect(result.protocol).toBe('udp');
    expect(result.answers[0].data.length).toBeGreaterThan(512);
  });

  it('a TXT answer over the 1232-byte EDNS buffer comes back truncated and is asked again over TCP', async () => {
    const { code, stdout } = await runCli(['dns', 'big.test', 'TXT', at(), '--json']);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout);
    expect(result.protocol).toBe('tcp');
    expect(result.answers[0].data.length).toBeGreaterThan(1500);
  });

  it('a server given by name is resolved first (@localhost:port)', async () => {
    const { code, stdout } = await runCli(['dns', 'a.test', `@localhost:${dnsmasq.port}`, '--short']);
    expect(code).toBe(0);
    expect(stdout).toBe('192.0.2.1\n');
  });

  it('--tcp asks over TCP; --no-recurse clears RD', async () => {
    const { stdout } = await runCli(['dns', 'a.test', at(), '--tcp', '--no-recurse', '--json']);
    const [result] = JSON.parse(stdout);
    expect(result.protocol).toBe('tcp');
    expect(result.flags).not.toContain('rd');
    expect(result.answers[0].data).toBe('192.0.2.1');
  });

  it('--dnssec presents the RRSIG', async () => {
    const { code, stdout } = await runCli(['dns', 'a.test', 'RRSIG', at(), '--dnssec']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/IN\s+RRSIG\s+A 13 2 300 20270115080000 20231114221320 34505 a\.test\. CQkJ/);
  });
});

describe('nettool dns errors', () => {
  it.each([
    [['a.test', 'MXX'], /^nettool: unknown record type 'MXX'/],
    [['a.test', '@1.2.3.4.5'], /^nettool: bad server '@1\.2\.3\.4\.5'/],
    [['a.test', '@127.0.0.1:0'], /^nettool: bad port '0'/],
    [['a..test', '@127.0.0.1'], /^nettool: bad name 'a\.\.test'/],
    [['-x', 'nope', '@127.0.0.1'], /^nettool: bad address for -x 'nope'/],
    [['a.test', '@127.0.0.1', '--timeout', '0'], /^nettool: bad --timeout/],
  ])('%j exits 2 with one line', async (args, message) => {
    const { code, stderr, stdout } = await runCli(['dns', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('a server that never answers: exit 1 naming it and the time waited, with a hint', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const port = silent.address().port;
      const { code, stderr } = await runCli(['dns', 'a.test', `@127.0.0.1:${port}`, '--timeout', '0.3', '--retries', '2']);
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^nettool: a.test A @127\\.0\\.0\\.1:${port} \\(udp\\): no reply after \\d+ ms \\(2 tries of 300 ms\\); try --tcp`));
    } finally {
      silent.close();
    }
  });

  it('Ctrl-C while waiting: exit 130 at once', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const child = startCli(['dns', 'a.test', `@127.0.0.1:${silent.address().port}`, '--timeout', '20']);
      const done = waitForExit(child, 10_000);
      await new Promise<void>((resolve) => silent.once('message', () => resolve()));
      const started = Date.now();
      child.kill('SIGINT');
      const { code, stderr } = await done;
      expect(code).toBe(130);
      expect(stderr).toBe('nettool: interrupted\n');
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      silent.close();
    }
  });

  it('a reply that cannot be read: noise until the deadline, then exit 1 "malformed reply", one line, no stack', async () => {
    const liar: Socket = createSocket('udp4');
    liar.on('message', (query, from) => liar.send(Buffer.concat([query.subarray(0, 2), Buffer.from('8180000100010000000003616161', 'hex')]), from.port, from.address));
    await new Promise<void>((resolve) => liar.bind(0, '127.0.0.1', resolve));
    try {
      const port = liar.address().port;
      const { code, stderr } = await runCli(['dns', 'a.test', `@127.0.0.1:${port}`, '--timeout', '0.3', '--retries', '1']);
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^nettool: a.test A @127\\.0\\.0\\.1:${port} \\(udp\\): malformed reply: .+\\n$`));
    } finally {
      liar.close();
    }
  });

  it('over TCP, a reply claiming TC (or one that does not decode) is a failure: exit 1, one line', async () => {
    const liar = createServer((socket) => {
      socket.once('data', (framed: Buffer) => {
        const query = framed.subarray(2);
        const reply = Buffer.from(query);
        reply[2] = 0x82 | (reply[2]! & 0x01); // QR and TC
        reply[3] = 0x80;
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(reply.length);
        socket.end(Buffer.concat([prefix, reply]));
      });
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    try {
      const port = (liar.address() as { port: number }).port;
      const { code, stdout, stderr } = await runCli(['dns', 'a.test', `@127.0.0.1:${port}`, '+tcp']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(new RegExp(`^nettool: a\\.test A @127\\.0\\.0\\.1:${port} \\(tcp\\): malformed reply: the TC bit is set, and truncation means nothing over a stream\\n$`));
    } finally {
      liar.close();
    }
  });

  it('some queries failing: the answers print, each failure is a line, exit 1', async () => {
    const port = await freeDualPort();
    const { code, stdout, stderr } = await runCli(['dns', 'a.test', at(), `@127.0.0.1:${port}`, '--short', '--tcp']);
    expect(code).toBe(1);
    expect(stdout).toBe('192.0.2.1\n');
    expect(stderr).toMatch(new RegExp(`^nettool: a.test A @127\\.0\\.0\\.1:${port} \\(tcp\\): connection refused \\(ECONNREFUSED\\) after \\d+ ms: is a DNS server listening there\\?\\n$`));
  });
});

describe('nettool dns --system and --compare', () => {
  it('--system asks getaddrinfo (/etc/hosts): localhost', async () => {
    const { code, stdout } = await runCli(['dns', 'localhost', '--system', '--json']);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout);
    expect(result).toMatchObject({ name: 'localhost.', type: 'A', server: 'system', protocol: 'getaddrinfo', status: 'NOERROR' });
    expect(result.answers).toContainEqual({ name: 'localhost.', type: 'A', ttl: null, class: 'IN', data: '127.0.0.1' });
  });

  it('--compare shows the system and each server side by side, marking where they differ', async () => {
    const other = await startDnsmasq(['--host-record=localhost,127.0.0.2']);
    try {
      const args = ['dns', 'localhost', at(), `@127.0.0.1:${other.port}`, '--compare'];
      const text = await runCli(args);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`^name\\s+type\\s+system\\s+127\\.0\\.0\\.1:${dnsmasq.port}\\s+127\\.0\\.0\\.1:${other.port}`));
      expect(text.stdout).toMatch(/^localhost\.\s+A\s+127\.0\.0\.1 \*\s+127\.0\.0\.1 \*\s+127\.0\.0\.2 \*\s+differ$/m);
      const json = JSON.parse((await runCli([...args, '--json'])).stdout);
      expect(json[0]).toMatchObject({ name: 'localhost.', type: 'A', differ: true });
      expect(json[0].sources.map((s: { server: string; data: string[] }) => [s.server, s.data])).toEqual([
        ['system', ['127.0.0.1']],
        [`127.0.0.1:${dnsmasq.port}`, ['127.0.0.1']],
        [`127.0.0.1:${other.port}`, ['127.0.0.2']],
      ]);
      const same = await runCli(['dns', 'localhost', at(), '--compare']);
      expect(same.stdout).toMatch(/^localhost\.\s+A\s+127\.0\.0\.1\s+127\.0\.0\.1\s+same$/m);
    } finally {
      await other.stop();
    }
  });
});

describe('nettool dns over TLS and HTTPS', () => {
  let certificate: TestCertificate;
  let dotPort: number;
  let socat: ReturnType<typeof spawn>;
  let relay: DohRelay;

  beforeAll(async () => {
    certificate = makeTestCertificate();
    dotPort = await freeDualPort();
    socat = spawn(requirePeer('socat', 'socat'), [
      `OPENSSL-LISTEN:${dotPort},bind=127.0.0.1,cert=${certificate.cert},key=${certificate.key},verify=0,fork,reuseaddr`,
      `TCP:127.0.0.1:${dnsmasq.port}`,
    ], { stdio: 'ignore' });
    // Wait until socat accepts.
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const probe = connect(dotPort, '127.0.0.1');
        probe.once('connect', () => {
          probe.destroy();
          resolve(true);
        });
        probe.once('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    relay = await startDohRelay({ cert: certificate.cert, key: certificate.key, dnsPort: dnsmasq.port });
  });
  afterAll(async () => {
    socat?.kill('SIGTERM');
    await relay?.close();
    certificate?.remove();
  });

  it('DoT with --ca verifies the certificate and answers', async () => {
    const { code, stdout, stderr } = await runCli(['dns', 'a.test', `@127.0.0.1:${dotPort}`, '--tls', '--ca', certificate.cert, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0]).toMatchObject({ protocol: 'tls', status: 'NOERROR', answers: [expect.objectContaining({ data: '192.0.2.1' })] });
  });

  it("dig's +tls and +https (with -p and +https=/path) answer what dig answers", async () => {
    const relayPort = new URL(relay.url).port;
    const digShortOver = (words: string[]) => execFileSync(dig, ['+short', '+time=5', '+tries=1', 'a.test', '@127.0.0.1', ...words], { encoding: 'utf8' });
    const overTls = await runCli(['dns', 'a.test', '+tls', '+short', '@127.0.0.1', '-p', String(dotPort), '--ca', certificate.cert]);
    expect(overTls.stdout).toBe(digShortOver(['+tls', '-p', String(dotPort)]));
    const overHttps = await runCli(['dns', 'a.test', '+https', '+short', `@127.0.0.1:${relayPort}`, '--ca', certificate.cert]);
    // dig's +https speaks HTTP/2 only and the relay HTTP/1.1: the answer is compared with dig's over UDP.
    expect(overHttps.stdout).toBe(digShort(['a.test']));
    const withPath = await runCli(['dns', 'a.test', '+https=/dns-query', '--json', `@127.0.0.1#${relayPort}`, '--ca', certificate.cert]);
    expect(JSON.parse(withPath.stdout)[0]).toMatchObject({ protocol: 'https', server: relay.url });
    expect(overTls.stdout).toBe('192.0.2.1\n');
  });

  it('@tls://ADDRESS:PORT asks over TLS (doggo\'s server URL)', async () => {
    const { code, stdout } = await runCli(['dns', 'a.test', `@tls://127.0.0.1:${dotPort}`, '--ca', certificate.cert, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0]).toMatchObject({ protocol: 'tls', answers: [expect.objectContaining({ data: '192.0.2.1' })] });
  });

  it('DoT to a name sends it as SNI and checks the certificate against it', async () => {
    const { code, stdout } = await runCli(['dns', 'a.test', `@localhost:${dotPort}`, '--tls', '--ca', certificate.cert, '--short']);
    expect(code).toBe(0);
    expect(stdout).toBe('192.0.2.1\n');
  });

  it('DoT fails closed without --ca, naming the certificate problem and the ways out', async () => {
    const { code, stderr, stdout } = await runCli(['dns', 'a.test', `@127.0.0.1:${dotPort}`, '--tls']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^nettool: a.test A @127\\.0\\.0\\.1:${dotPort} \\(tls\\): TLS failed: .*self-signed.*; --ca FILE trusts a private CA, --insecure skips the check\\n$`));
  });

  it('DoT with --insecure answers and says on stderr that nothing was checked', async () => {
    const { code, stdout, stderr } = await runCli(['dns', 'a.test', `@127.0.0.1:${dotPort}`, '--tls', '--insecure', '--short']);
    expect(code).toBe(0);
    expect(stdout).toBe('192.0.2.1\n');
    expect(stderr).toMatch(/--insecure/);
  });

  it('DoH (RFC 8484 POST) through a local relay, verified with --ca', async () => {
    const before = relay.count();
    const { code, stdout } = await runCli(['dns', 'a.test', 'multi.test', '--https', relay.url, '--ca', certificate.cert, '--json']);
    expect(code).toBe(0);
    const results = JSON.parse(stdout);
    expect(results.map((r: { protocol: string; server: string }) => [r.protocol, r.server])).toEqual([['https', relay.url], ['https', relay.url]]);
    expect(results[1].answers).toHaveLength(3);
    expect(relay.count() - before).toBe(2);
  });

  it('DoH that answers with an HTTP error: exit 1 with the status', async () => {
    const url = relay.url.replace('/dns-query', '/elsewhere');
    const { code, stderr } = await runCli(['dns', 'a.test', '--https', url, '--ca', certificate.cert]);
    expect(code).toBe(1);
    expect(stderr).toBe(`nettool: a.test A @${url} (https): DNS over HTTPS failed: HTTP 415 Unsupported Media Type\n`);
  });

  it('DoH to a web page larger than any DNS message: named by its status and type, not its size', async () => {
    const url = relay.url.replace('/dns-query', '/page');
    const { code, stderr } = await runCli(['dns', 'a.test', '--https', url, '--ca', certificate.cert]);
    expect(code).toBe(1);
    expect(stderr).toBe(`nettool: a.test A @${url} (https): DNS over HTTPS failed: HTTP 200 OK (text/html)\n`);
  });

  it('DoH fails closed without --ca', async () => {
    const { code, stderr } = await runCli(['dns', 'a.test', '--https', relay.url]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: a.test A @https:\/\/127\.0\.0\.1:\d+\/dns-query \(https\): TLS failed: .*self-signed/);
  });
});
