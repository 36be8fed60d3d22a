/** dig's habits typed as dig users type them, each compared with what dig itself does against the same peer. */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, type WireMessage } from '../../src/protocol/dns-wire.js';
import { startDnsmasq, type Dnsmasq } from '../helpers/dnsmasq.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli } from '../helpers/run-cli.js';

const run = promisify(execFile);

let dnsmasq: Dnsmasq;
let dig: string;
beforeAll(async () => {
  dig = requirePeer('dig', 'bind9-dnsutils');
  dnsmasq = await startDnsmasq([
    '--local=/test/', '--local-ttl=300',
    '--host-record=a.test,192.0.2.1,2001:db8::1',
    '--host-record=multi.test,192.0.2.10', '--host-record=multi.test,192.0.2.11',
    '--mx-host=a.test,mail.a.test,10',
    '--txt-record=a.test,v=spf1 -all',
    '--cname=www.a.test,a.test',
  ]);
});
afterAll(async () => {
  await dnsmasq?.stop();
});

/** dig's stdout for these words, asked of the dnsmasq (its port as dig's -p). */
async function digSays(words: readonly string[]): Promise<string> {
  const { stdout } = await run(dig, ['@127.0.0.1', '-p', String(dnsmasq.port), '+time=5', '+tries=1', ...words]);
  return stdout;
}

describe('section selection: +noall with +answer, +question, +authority — byte for byte as dig prints them', () => {
  it.each([
    [['a.test', '+noall', '+answer']],
    [['a.test', 'MX', '+noall', '+answer']],
    [['www.a.test', '+noall', '+answer']],
    [['a.test', 'TXT', '+noall', '+question', '+answer']],
    [['nope.test', '+noall', '+answer']],
  ])('nettool dns %j', async (words) => {
    const expected = await digSays(words);
    const { code, stdout, stderr } = await runCli(['dns', ...words, `@127.0.0.1:${dnsmasq.port}`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });

  it('two names after +noall +answer run on as dig prints them', async () => {
    const expected = (await digSays(['a.test', '+noall', '+answer'])) + (await digSays(['www.a.test', '+noall', '+answer']));
    const { stdout } = await runCli(['dns', 'a.test', 'www.a.test', '+noall', '+answer', '@127.0.0.1', '-p', String(dnsmasq.port)]);
    expect(stdout).toBe(expected);
  });

  it('several records of one name: the same lines as dig (dnsmasq rotates their order)', async () => {
    const sorted = (text: string) => text.split('\n').sort().join('\n');
    const expected = await digSays(['multi.test', '+noall', '+answer']);
    const { stdout } = await runCli(['dns', 'multi.test', '+noall', '+answer', `@127.0.0.1:${dnsmasq.port}`]);
    expect(sorted(stdout)).toBe(sorted(expected));
  });

  it('+nostats +nocomments leave the sections with their titles out, as dig does', async () => {
    const { stdout } = await runCli(['dns', 'a.test', '+nostats', '+nocomments', `@127.0.0.1:${dnsmasq.port}`]);
    expect(stdout).toBe('a.test.\t\t\t300\tIN\tA\t192.0.2.1\n');
  });
});

describe('+short, +tcp/+vc/+notcp, -p, @server#port, -t, -q, -4', () => {
  it.each([
    [['a.test', '+short']],
    [['a.test', 'AAAA', '+short', '+tcp']],
    [['a.test', '+vc', '+short']],
    [['-t', 'MX', 'a.test', '+short']],
    [['-q', 'a.test', '-t', 'TXT', '+short']],
    [['-4', 'a.test', '+short']],
  ])('nettool dns %j -p PORT answers as dig does', async (words) => {
    const expected = await digSays(words);
    const { code, stdout } = await runCli(['dns', ...words, '@127.0.0.1', '-p', String(dnsmasq.port)]);
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });

  it('+tcp, +vc and +notcp choose the transport the header line names', async () => {
    const port = String(dnsmasq.port);
    for (const [words, protocol] of [[['+tcp'], 'tcp'], [['+vc'], 'tcp'], [['+tcp', '+notcp'], 'udp'], [[], 'udp']] as const) {
      const { stdout } = await runCli(['dns', 'a.test', ...words, `@127.0.0.1#${port}`, '--json']);
      expect(JSON.parse(stdout)[0].protocol).toBe(protocol);
    }
  });

  it('a server URL carries its transport, as doggo takes it: @tcp://, @udp://', async () => {
    for (const [scheme, protocol] of [['tcp', 'tcp'], ['udp', 'udp']] as const) {
      const { code, stdout } = await runCli(['dns', 'a.test', `@${scheme}://127.0.0.1:${dnsmasq.port}`, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(stdout)[0]).toMatchObject({ protocol, answers: [expect.objectContaining({ data: '192.0.2.1' })] });
    }
    const { code, stderr } = await runCli(['dns', 'a.test', '@quic://127.0.0.1']);
    expect(code).toBe(2);
    expect(stderr).toBe("nettool: bad server '@quic://127.0.0.1': no transport quic:// (udp:// tcp:// tls:// https://)\n");
  });

  it('@server#port (BIND and doggo) is the port, as @server:port', async () => {
    const { code, stdout } = await runCli(['dns', 'a.test', `@127.0.0.1#${dnsmasq.port}`, '+short']);
    expect(code).toBe(0);
    expect(stdout).toBe('192.0.2.1\n');
  });
});

/** A UDP peer that keeps the first query it gets and answers REFUSED, so both tools finish at once. */
async function captureQuery(ask: (port: number) => Promise<unknown>): Promise<WireMessage> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const got = new Promise<Buffer>((resolve) => {
    socket.once('message', (query, from) => {
      const reply = Buffer.from(query);
      reply[2] = (reply[2]! | 0x80) & 0xff;
      reply[3] = 0x05;
      socket.send(reply, from.port, from.address);
      resolve(query);
    });
  });
  try {
    await ask(socket.address().port);
    return decodeMessage(await got);
  } finally {
    socket.close();
  }
}

/** What dig and nettool must agree on in a query: flags, question, EDNS size, DO, NSID (dig adds a cookie, which is left aside). */
function essentials(message: WireMessage) {
  return {
    rd: (message.bits & 0x0100) !== 0,
    cd: (message.bits & 0x0010) !== 0,
    question: message.questions[0],
    udpSize: message.opt?.udpSize,
    dnssecOk: message.opt?.dnssecOk,
    nsid: message.opt?.nsid !== undefined,
  };
}

describe('query options put the same bits on the wire as dig', () => {
  it.each([
    [['a.test']],
    [['a.test', '+dnssec']],
    [['a.test', '+norecurse']],
    [['a.test', '+norec']],
    [['a.test', '+rec']],
    [['a.test', '+cd']],
    [['a.test', '+nsid']],
    [['a.test', '+bufsize=4096']],
    [['version.bind', 'CH', 'TXT']],
    [['-c', 'CH', '-t', 'TXT', 'version.bind']],
    [['-q', 'MX', '-t', 'A']],
  ])('nettool dns %j', async (words) => {
    const fromDig = await captureQuery((port) => run(dig, ['@127.0.0.1', '-p', String(port), '+time=2', '+tries=1', ...words]).catch(() => {}));
    const fromNettool = await captureQuery((port) => runCli(['dns', ...words, '@127.0.0.1', '-p', String(port)]));
    expect(essentials(fromNettool)).toEqual(essentials(fromDig));
  });
});

describe('+time and +tries/+retry: as many queries, as dig sends', () => {
  async function countQueries(ask: (port: number) => Promise<unknown>): Promise<number> {
    const silent = createSocket('udp4');
    let count = 0;
    silent.on('message', () => count++);
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      await ask(silent.address().port);
      return count;
    } finally {
      silent.close();
    }
  }

  it.each([[['+time=1', '+tries=2']], [['+time=1', '+retry=1']], [['+time=1', '+tries=1']]])('%j', async (words) => {
    const byDig = await countQueries((port) => run(dig, ['@127.0.0.1', '-p', String(port), 'a.test', ...words]).catch(() => {}));
    let stderr = '';
    const byNettool = await countQueries(async (port) => {
      const result = await runCli(['dns', 'a.test', ...words, `@127.0.0.1:${port}`]);
      expect(result.code).toBe(1);
      stderr = result.stderr;
    });
    expect(byNettool).toBe(byDig);
    expect(stderr).toMatch(new RegExp(`^nettool: a\\.test A @127\\.0\\.0\\.1:\\d+ \\(udp\\): no reply after \\d+ ms \\(${byDig === 1 ? '1 try' : `${byDig} tries`} of 1000 ms\\)`));
  });
});

describe('mistakes a dig user makes get exit 2 and a line that says what to do', () => {
  it.each([
    [['a.test', '+bogus'], /^nettool: unknown dig option '\+bogus'/],
    [['a.test', '+time=soon'], /^nettool: bad dig option '\+time=soon': give a whole number/],
    [['a.test', '@127.0.0.1', '5353'], /^nettool: '5353' after @127\.0\.0\.1 is not a port: write @127\.0\.0\.1:5353 \(or -p 5353\)/],
    [['a.test', '-c', 'XX'], /^nettool: unknown class 'XX'/],
  ])('nettool dns %j', async (words, message) => {
    const { code, stderr, stdout } = await runCli(['dns', ...words]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a refused query: one line, naming the query, the server and the transport', async () => {
    const closed = createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { code, stderr } = await runCli(['dns', 'www.example.test', `@127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^nettool: www\\.example\\.test A @127\\.0\\.0\\.1:${port} \\(udp\\): connection refused \\(ECONNREFUSED\\) after \\d+ ms: is a DNS server listening there\\?\\n$`));
  });
});
