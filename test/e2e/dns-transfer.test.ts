/** AXFR and IXFR from a real named serving a zone of 10,006 records, each output compared with dig's against the same server. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeDualPort } from '../helpers/dnsmasq.js';
import { startNamed, type Named, type NamedZone } from '../helpers/named.js';
import { requirePeer } from '../helpers/peers.js';
import { runCli } from '../helpers/run-cli.js';

const run = promisify(execFile);

/** example.test at `serial`: SOA, NS, MX, TXT and 10,000 A records; serial 2 changes three of them. */
function zone(serial: number): NamedZone {
  const lines = [
    '$ORIGIN example.test.', '$TTL 3600',
    `@ IN SOA ns1.example.test. hostmaster.example.test. ${serial} 7200 3600 1209600 300`,
    '@ IN NS ns1.example.test.', 'ns1 IN A 127.0.0.1', '@ IN MX 10 mail.example.test.', '@ IN TXT "v=spf1 -all" "second string"',
  ];
  for (let i = 0; i < 10_000; i++) {
    const changed = serial >= 2 && i < 3;
    lines.push(`h${i} IN A 10.${changed ? 9 : 0}.${i >> 8}.${i & 255}`);
  }
  if (serial >= 2) lines.push('new IN AAAA 2001:db8::1');
  return { name: 'example.test', text: `${lines.join('\n')}\n` };
}

let named: Named;
let dig: string;
beforeAll(async () => {
  dig = requirePeer('dig', 'bind9-dnsutils');
  named = await startNamed({ zones: [zone(1)], port: await freeDualPort(), serverId: 'ns1' });
}, 30_000);
afterAll(async () => {
  await named?.stop();
});

async function digSays(words: readonly string[]): Promise<string> {
  const { stdout } = await run(dig, ['@127.0.0.1', '-p', String(named.port), '+time=10', ...words], { maxBuffer: 64 << 20 });
  return stdout;
}

const records = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith(';'));
const xfrSize = (text: string) => /;; XFR size: (\d+) records \(messages (\d+),/.exec(text)?.slice(1, 3);

describe('AXFR', () => {
  it('every record, in order and byte for byte as dig prints them, and the XFR size line counts as dig counts', async () => {
    const expected = await digSays(['example.test', 'AXFR']);
    const { code, stdout, stderr } = await runCli(['dns', 'example.test', 'AXFR', `@127.0.0.1:${named.port}`], { timeoutMs: 60_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(records(stdout)).toHaveLength(10_006);
    expect(records(stdout)).toEqual(records(expected));
    expect(xfrSize(stdout)).toEqual(xfrSize(expected));
    expect(stdout).toMatch(new RegExp(`;; SERVER: 127\\.0\\.0\\.1#${named.port}\\(127\\.0\\.0\\.1\\) \\(TCP\\)\\n`));
  });

  it('+noall +answer (and -p): exactly what dig prints', async () => {
    const expected = await digSays(['example.test', 'AXFR', '+noall', '+answer']);
    const { stdout } = await runCli(['dns', '+noall', '+answer', 'example.test', 'AXFR', '@127.0.0.1', '-p', String(named.port)], { timeoutMs: 60_000 });
    expect(stdout).toBe(expected);
  });

  it('--json: one object with every record and the message count', async () => {
    const { code, stdout } = await runCli(['dns', 'example.test', 'AXFR', `@127.0.0.1:${named.port}`, '--json'], { timeoutMs: 60_000 });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ name: 'example.test.', type: 'AXFR', protocol: 'tcp', status: 'NOERROR' });
    expect(result.answers).toHaveLength(10_006);
    expect(result.answers[5]).toEqual({ name: expect.stringMatching(/\.example\.test\.$/), type: 'A', ttl: 3600, class: 'IN', data: expect.any(String) });
  });

  it('a zone the server does not serve: one line naming the query, exit 1 (dig: "; Transfer failed.")', async () => {
    expect(await digSays(['nope.example', 'AXFR'])).toContain('; Transfer failed.');
    const { code, stdout, stderr } = await runCli(['dns', 'nope.example', 'AXFR', `@127.0.0.1:${named.port}`]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`nettool: nope.example AXFR @127.0.0.1:${named.port} (tcp): transfer failed: NOTAUTH\n`);
  });
});

describe('+nsid against named (server-id "ns1")', () => {
  it('shows the NSID line dig shows', async () => {
    const line = (await digSays(['example.test', 'SOA', '+nsid'])).split('\n').find((l) => l.startsWith('; NSID:'));
    const { stdout } = await runCli(['dns', 'example.test', 'SOA', '+nsid', `@127.0.0.1:${named.port}`]);
    expect(line).toBe('; NSID: 6e 73 31 ("ns1")');
    expect(stdout.split('\n')).toContain(line);
  });
});

describe('IXFR=serial', () => {
  beforeAll(async () => {
    await named.reload(zone(2));
  }, 30_000);

  it('from serial 1: the differences, as dig prints them', async () => {
    const expected = await digSays(['example.test', 'IXFR=1', '+noall', '+answer']);
    expect(records(expected).length).toBeLessThan(20);
    const { code, stdout } = await runCli(['dns', 'example.test', 'IXFR=1', '+noall', '+answer', `@127.0.0.1:${named.port}`]);
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
  });

  it('from the current serial: the one SOA that says "up to date"', async () => {
    const expected = await digSays(['example.test', 'IXFR=2', '+noall', '+answer']);
    const { stdout } = await runCli(['dns', 'example.test', 'IXFR=2', '+noall', '+answer', `@127.0.0.1:${named.port}`]);
    expect(records(expected)).toHaveLength(1);
    expect(stdout).toBe(expected);
  });

  it('IXFR without a serial is a usage error saying how to write it', async () => {
    const { code, stderr } = await runCli(['dns', 'example.test', 'IXFR', `@127.0.0.1:${named.port}`]);
    expect(code).toBe(2);
    expect(stderr).toBe('nettool: IXFR needs the serial to start from, as dig takes it: IXFR=2026010101\n');
  });
});
