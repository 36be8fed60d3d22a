import * as packet from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, NetworkError } from '../../../src/errors.js';
import { dnsExchange, formatServer, type ExchangeOptions } from '../../../src/net/dns-exchange.js';
import { answer, frame, startFakeDns, type FakeDns } from '../../helpers/fake-dns.js';

const a = (data: string): packet.Answer => ({ name: 'a.test', type: 'A', ttl: 60, class: 'IN', data });

function options(overrides: Partial<ExchangeOptions> = {}): ExchangeOptions {
  return {
    transport: 'auto', timeoutMs: 1000, tries: 2, recurse: true, dnssec: false, tls: { insecure: false }, signal: new AbortController().signal,
    ...overrides,
  };
}

let peer: FakeDns | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

const server = () => ({ kind: 'inet' as const, host: '127.0.0.1', port: peer!.port });
const question = { name: 'a.test', type: 1 };

describe('dnsExchange over UDP', () => {
  it('drops replies with another ID or question and takes the one that matches', async () => {
    peer = await startFakeDns({
      udp: (query) => [
        answer({ ...query, id: (query.id! + 1) & 0xffff }, [a('192.0.2.66')]),
        answer({ ...query, questions: [{ name: 'evil.test', type: 'A' }] }, [a('192.0.2.67')]),
        answer(query, [a('192.0.2.1')]),
      ],
    });
    const result = await dnsExchange(question, server(), options());
    expect(result.transport).toBe('udp');
    expect(result.reply.answers.map((r) => r.data)).toEqual(['192.0.2.1']);
  });

  it('asks with a random ID from a random source port, RD set and EDNS 1232', async () => {
    peer = await startFakeDns({ udp: (query) => [answer(query, [a('192.0.2.1')])] });
    for (let i = 0; i < 12; i++) await dnsExchange(question, server(), options());
    expect(new Set(peer.udpQueries.map((q) => q.query.id)).size).toBeGreaterThan(8);
    expect(new Set(peer.udpQueries.map((q) => q.from.port)).size).toBeGreaterThan(8);
    const first = peer.udpQueries[0]!.query;
    expect(first.flag_rd).toBe(true);
    expect(first.additionals?.[0]).toMatchObject({ type: 'OPT', udpPayloadSize: 1232 });
  });

  it('retries on timeout, then names the server, the time waited and the fix', async () => {
    peer = await startFakeDns({});
    const started = Date.now();
    const error = await dnsExchange(question, server(), options({ timeoutMs: 150, tries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(new RegExp(`^a\\.test A @127\\.0\\.0\\.1:${peer.port} \\(udp\\): no reply after \\d+ ms \\(2 tries of 150 ms\\); try --tcp`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(peer.udpQueries).toHaveLength(2);
  });

  it('a reply it cannot read is noise, and once the deadline passes, "malformed reply from ..."', async () => {
    peer = await startFakeDns({ udp: (_query, raw) => [Buffer.concat([raw.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xc0])])] });
    const error = await dnsExchange(question, server(), options({ tries: 1, timeoutMs: 200 })).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(new RegExp(`^a\\.test A @127\\.0\\.0\\.1:${peer.port} \\(udp\\): malformed reply: `));
    expect(peer.udpQueries).toHaveLength(1);
  });

  it('goes to TCP when the reply is truncated, reading the reply across partial chunks', async () => {
    const many = Array.from({ length: 40 }, (_, i) => a(`192.0.2.${i + 1}`));
    peer = await startFakeDns({
      udp: (query) => [answer(query, [], { flags: packet.TRUNCATED_RESPONSE })],
      tcp: (query) => frame(answer(query, many)),
      chunkSize: 7,
    });
    const result = await dnsExchange(question, server(), options());
    expect(result.transport).toBe('tcp');
    expect(result.reply.answers).toHaveLength(40);
    expect(peer.tcpQueries).toHaveLength(1);
  });

  it('nothing listening (ICMP port unreachable): refused at once, not after the timeout', async () => {
    peer = await startFakeDns({});
    const port = peer.port;
    await peer.close();
    peer = undefined;
    const started = Date.now();
    await expect(dnsExchange(question, { kind: 'inet', host: '127.0.0.1', port }, options({ timeoutMs: 5000 }))).rejects.toThrow(
      `a.test A @127.0.0.1:${port} (udp): connection refused (ECONNREFUSED) after`,
    );
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('sets DO with --dnssec and shows the AD flag the server returns', async () => {
    peer = await startFakeDns({
      udp: (query) => [answer(query, [a('192.0.2.1')], { flags: packet.AUTHENTIC_DATA | packet.RECURSION_AVAILABLE })],
    });
    const result = await dnsExchange(question, server(), options({ dnssec: true, recurse: false }));
    const sent = peer.udpQueries[0]!.query;
    expect(sent.flag_rd).toBe(false);
    expect(sent.additionals?.[0]).toMatchObject({ type: 'OPT', flag_do: true });
    expect(result.reply.flags).toEqual(['qr', 'ra', 'ad']);
  });

  it('goes to TCP also when the truncated datagram is cut mid-record', async () => {
    peer = await startFakeDns({
      udp: (query) => {
        const whole = answer(query, [a('192.0.2.1'), a('192.0.2.2')], { flags: packet.TRUNCATED_RESPONSE });
        return [whole.subarray(0, whole.length - 3)];
      },
      tcp: (query) => frame(answer(query, [a('192.0.2.1'), a('192.0.2.2')])),
    });
    const result = await dnsExchange(question, server(), options());
    expect(result.transport).toBe('tcp');
    expect(result.reply.answers).toHaveLength(2);
  });

  it('stops at once when the signal aborts', async () => {
    peer = await startFakeDns({});
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 50);
    const error = await dnsExchange(question, server(), options({ signal: controller.signal, timeoutMs: 5000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
  });
});

describe('dnsExchange over TCP', () => {
  it('frames the query and reads a reply that arrives a byte at a time', async () => {
    peer = await startFakeDns({ tcp: (query) => frame(answer(query, [a('192.0.2.9')])), chunkSize: 1 });
    const result = await dnsExchange(question, server(), options({ transport: 'tcp' }));
    expect(result.transport).toBe('tcp');
    expect(result.reply.answers.map((r) => r.data)).toEqual(['192.0.2.9']);
    expect(peer.udpQueries).toHaveLength(0);
  });

  it('a reply to another query is malformed', async () => {
    peer = await startFakeDns({ tcp: (query) => frame(answer({ ...query, id: (query.id! + 1) & 0xffff }, [])) });
    await expect(dnsExchange(question, server(), options({ transport: 'tcp' }))).rejects.toThrow(/@.* \(tcp\): malformed reply: it answers a different query/);
  });

  it('a server that hangs up without a reply is a network error naming it', async () => {
    peer = await startFakeDns({});
    await expect(dnsExchange(question, server(), options({ transport: 'tcp' }))).rejects.toThrow(
      new RegExp(`^a\\.test A @127\\.0\\.0\\.1:${peer.port} \\(tcp\\): the server closed the connection without replying`),
    );
  });

  it('refused: says how long it took and what to check', async () => {
    peer = await startFakeDns({});
    const port = peer.port;
    await peer.close();
    peer = undefined;
    await expect(dnsExchange(question, { kind: 'inet', host: '127.0.0.1', port }, options({ transport: 'tcp' }))).rejects.toThrow(
      /\(tcp\): connection refused \(ECONNREFUSED\) after \d+ ms: is a DNS server listening there\?/,
    );
  });
});

describe('formatServer', () => {
  it('names a DoH server without the credentials its URL carries (they travel as basic auth, not in output)', () => {
    expect(formatServer({ kind: 'https', url: new URL('https://user:s3cret@127.0.0.1:8443/dns-query?x=1') })).toBe('https://127.0.0.1:8443/dns-query?x=1');
    expect(formatServer({ kind: 'inet', host: '::1', port: 53 })).toBe('[::1]:53');
  });
});
