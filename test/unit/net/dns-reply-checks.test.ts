import * as packet from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors.js';
import { dnsExchange, type ExchangeOptions } from '../../../src/net/dns-exchange.js';
import { answer, frame, startFakeDns, type FakeDns } from '../../helpers/fake-dns.js';

const a = (data: string): packet.Answer => ({ name: 'a.test', type: 'A', ttl: 60, class: 'IN', data });
const question = { name: 'a.test', type: 1 };

function options(overrides: Partial<ExchangeOptions> = {}): ExchangeOptions {
  return {
    transport: 'auto', timeoutMs: 1000, tries: 1, recurse: true, dnssec: false, tls: { insecure: false }, signal: new AbortController().signal,
    ...overrides,
  };
}

/** The reply with its question's class set to `klass` (dns-packet can only write the named classes). */
function withQuestionClass(reply: Buffer, klass: number): Buffer {
  const copy = Buffer.from(reply);
  let at = 12;
  while (copy[at] !== 0) at += copy[at]! + 1;
  copy.writeUInt16BE(klass, at + 3);
  return copy;
}

/** Deterministic bytes, so a failure names its seed. */
function randomBytes(seed: number, length: number): Buffer {
  let state = seed;
  return Buffer.from(Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state & 0xff;
  }));
}

let peer: FakeDns | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});
const server = () => ({ kind: 'inet' as const, host: '127.0.0.1', port: peer!.port });

describe('over TCP a reply must be whole and readable', () => {
  it('a reply claiming TC is a failure: truncation means something only over UDP', async () => {
    peer = await startFakeDns({ tcp: (query) => frame(answer(query, [], { flags: packet.TRUNCATED_RESPONSE })) });
    const error = await dnsExchange(question, server(), options({ transport: 'tcp' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/^a\.test A @127\.0\.0\.1:\d+ \(tcp\): malformed reply: the TC bit is set/);
  });

  it.each(Array.from({ length: 40 }, (_, seed) => seed))('40 random bytes with the right ID (seed %i) are never an answer', async (seed) => {
    peer = await startFakeDns({
      tcp: (query) => {
        const bytes = randomBytes(seed + 1, 40);
        bytes.writeUInt16BE(query.id!, 0);
        bytes[2] = bytes[2]! | 0x80; // a "reply"
        return frame(bytes);
      },
    });
    const error = await dnsExchange(question, server(), options({ transport: 'tcp' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/^a\.test A @.* \(tcp\): malformed reply: /);
  });

  it.each([
    ['NXDOMAIN', 3],
    ['SERVFAIL', 2],
    ['NOERROR', 0],
  ])('a %s reply without the question does not answer it', async (_status, rcode) => {
    peer = await startFakeDns({ tcp: (query) => frame(answer(query, [], { questions: [], flags: rcode })) });
    await expect(dnsExchange(question, server(), options({ transport: 'tcp' }))).rejects.toThrow(/\(tcp\): .*no question section in a \w+ reply/);
  });

  it('a FORMERR reply without the question is the server saying it could not read the query (RFC 1035 §4.1.1)', async () => {
    peer = await startFakeDns({ tcp: (query) => frame(answer(query, [], { questions: [], flags: 1 })) });
    const result = await dnsExchange(question, server(), options({ transport: 'tcp' }));
    expect(result.reply.status).toBe('FORMERR');
  });
});

describe('the question class must match, as name and type do (dig: "Question section mismatch")', () => {
  it('over TCP: a reply for CLASS48897 is a failure naming what came back', async () => {
    peer = await startFakeDns({ tcp: (query) => frame(withQuestionClass(answer(query, [a('192.0.2.1')]), 48897)) });
    await expect(dnsExchange(question, server(), options({ transport: 'tcp' }))).rejects.toThrow(
      /^a\.test A @.* \(tcp\): malformed reply: question section mismatch: got a\.test\/A\/CLASS48897$/,
    );
  });

  it('over UDP: a reply for another class is dropped and the right one taken', async () => {
    peer = await startFakeDns({ udp: (query) => [withQuestionClass(answer(query, [a('192.0.2.66')]), 48897), answer(query, [a('192.0.2.1')])] });
    const result = await dnsExchange(question, server(), options());
    expect(result.reply.answers.map((r) => r.data)).toEqual(['192.0.2.1']);
  });

  it('over UDP: a reply only for another class is no answer', async () => {
    peer = await startFakeDns({ udp: (query) => [withQuestionClass(answer(query, [a('192.0.2.66')]), 3)] });
    await expect(dnsExchange(question, server(), options({ timeoutMs: 200 }))).rejects.toThrow(/no reply .* \(udp\)|question section mismatch: got a\.test\/A\/CH/);
  });
});

describe('over UDP an unreadable datagram is noise until the deadline, as dig treats it', () => {
  it('a 7-byte datagram with the right ID, then the reply: the reply is taken', async () => {
    peer = await startFakeDns({ udp: (query, raw) => [Buffer.concat([raw.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0])]), answer(query, [a('192.0.2.1')])] });
    const result = await dnsExchange(question, server(), options());
    expect(result.reply.answers.map((r) => r.data)).toEqual(['192.0.2.1']);
  });

  it('only unreadable datagrams: after every try, the failure says what was wrong with them', async () => {
    peer = await startFakeDns({ udp: (_query, raw) => [Buffer.concat([raw.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0])])] });
    const started = Date.now();
    const error = await dnsExchange(question, server(), options({ timeoutMs: 150, tries: 2 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(peer.udpQueries).toHaveLength(2);
    expect((error as Error).message).toMatch(/^a\.test A @127\.0\.0\.1:\d+ \(udp\): malformed reply: 7 bytes, shorter than a DNS header; no readable reply after \d+ ms \(2 tries of 150 ms\)$/);
  });
});
