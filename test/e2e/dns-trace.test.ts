/** +trace against a root, a TLD and a leaf zone (three named on 127.0.0.2-4:53 in a private network namespace), compared with dig +trace. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNamed, type Named } from '../helpers/named.js';
import { startNetns, type Netns } from '../helpers/netns.js';
import { requirePeer } from '../helpers/peers.js';
import { binPath, runCli } from '../helpers/run-cli.js';

const zones = {
  root: ['$TTL 86400', '. IN SOA a.root-servers.net. nstld.root. 1 1800 900 604800 86400', '. IN NS a.root-servers.net.',
    'a.root-servers.net. IN A 127.0.0.2', 'test. IN NS ns.test.', 'ns.test. IN A 127.0.0.3'],
  test: ['$TTL 172800', 'test. IN SOA ns.test. hostmaster.test. 1 1800 900 604800 86400', 'test. IN NS ns.test.', 'ns.test. IN A 127.0.0.3',
    'example.test. IN NS ns.example.test.', 'ns.example.test. IN A 127.0.0.4'],
  leaf: ['$TTL 300', 'example.test. IN SOA ns.example.test. hostmaster.example.test. 1 1800 900 604800 300', 'example.test. IN NS ns.example.test.',
    'ns.example.test. IN A 127.0.0.4', 'www.example.test. IN A 192.0.2.1', 'mail.example.test. IN MX 10 www.example.test.'],
};

let netns: Netns;
const servers: Named[] = [];
let dig: string;
beforeAll(async () => {
  dig = requirePeer('dig', 'bind9-dnsutils');
  // dig +trace finds the servers' addresses through the system resolver: /etc/hosts inside the namespace.
  netns = await startNetns(['127.0.0.2', '127.0.0.3', '127.0.0.4'], '127.0.0.1 localhost\n127.0.0.2 a.root-servers.net\n127.0.0.3 ns.test\n127.0.0.4 ns.example.test\n');
  for (const [address, name, lines] of [['127.0.0.2', '.', zones.root], ['127.0.0.3', 'test', zones.test], ['127.0.0.4', 'example.test', zones.leaf]] as const) {
    servers.push(await startNamed({ zones: [{ name, text: `${lines.join('\n')}\n` }], port: 53, address, prefix: netns.prefix }));
  }
}, 60_000);
afterAll(async () => {
  for (const server of servers) await server.stop();
  netns?.stop();
});

/** The steps without dig's banner, with sizes and times masked: dig adds a cookie to each query, so the replies it gets are longer. */
const steps = (text: string) =>
  text.split('\n').filter((line) => !/^; |^;; global options/.test(line)).join('\n').trim()
    .replace(/Received \d+ bytes/g, 'Received N bytes').replace(/ in \d+ ms/g, ' in T ms');

function digTrace(words: readonly string[]): string {
  return netns.run([dig, '+trace', '+time=5', ...words]);
}

function nettool(words: readonly string[]): { stdout: string; code: number } {
  try {
    return { stdout: netns.run([process.execPath, binPath, 'dns', ...words]), code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; status: number };
    return { stdout: failed.stdout, code: failed.status };
  }
}

describe('+trace from the @server, step for step as dig +trace', () => {
  it.each([
    [['www.example.test', '@127.0.0.2']],
    [['nope.example.test', '@127.0.0.2']],
    [['mail.example.test', 'MX', '@127.0.0.2']],
    [['@127.0.0.2', 'example.test', 'NS']],
  ])('nettool dns +trace %j', (words) => {
    const expected = steps(digTrace(words));
    const { stdout, code } = nettool([...words, '+trace']);
    expect(code).toBe(0);
    expect(expected).toContain('from 127.0.0.4#53(ns.example.test)');
    expect(steps(stdout)).toBe(expected);
  });

  it('--root-hints FILE: the same steps after the root NS one, no @server needed', () => {
    const hints = join(servers[0]!.dir, 'root.hints');
    writeFileSync(hints, '. 3600000 NS a.root-servers.net.\na.root-servers.net. 3600000 A 127.0.0.2\n');
    const expected = steps(digTrace(['www.example.test', '@127.0.0.2'])).split('\n\n').slice(1).join('\n\n');
    const { stdout, code } = nettool(['www.example.test', '+trace', '--root-hints', hints]);
    expect(code).toBe(0);
    expect(steps(stdout)).toBe(expected);
  });
});

describe('+trace never reaches for a resolver nobody named', () => {
  it('without @server or --root-hints: exit 2, saying what to give', async () => {
    const { code, stderr } = await runCli(['dns', 'www.example.test', '+trace']);
    expect(code).toBe(2);
    expect(stderr).toBe('nettool: +trace starts from a root server: name it as @ADDRESS[:PORT], or give --root-hints FILE\n');
  });
});

