import * as packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import {
  MalformedReplyError, decodeReply, encodeQuery, ednsBufferSize, peekId, replyMatches, splitTxt,
} from '../../../src/protocol/dns-message.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function reply(overrides: Partial<packet.Packet> = {}): Buffer {
  return packet.encode({
    type: 'response',
    id: 0x1234,
    flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | packet.AUTHORITATIVE_ANSWER,
    questions: [{ name: 'a.test', type: 'A', class: 'IN' }],
    answers: [
      { name: 'a.test', type: 'A', ttl: 300, class: 'IN', data: '192.0.2.1' },
      { name: 'a.test', type: 'A', ttl: 300, class: 'IN', data: '192.0.2.2' },
    ],
    authorities: [{ name: 'test', type: 'NS', ttl: 60, class: 'IN', data: 'ns.test' }],
    additionals: [
      { name: 'ns.test', type: 'A', ttl: 60, class: 'IN', data: '192.0.2.53' },
      { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] },
    ],
    ...overrides,
  });
}

describe('encodeQuery', () => {
  it('writes the header, the question and an OPT record with a 1232-byte buffer', () => {
    const bytes = encodeQuery({ name: 'a.test', type: 1 }, { id: 0xbeef, recurse: true, dnssec: false });
    expect(bytes.subarray(0, 12)).toEqual(hex('beef 0100 0001 0000 0000 0001')); // ID, RD, QD=1, AR=1
    expect(bytes.subarray(12, 24)).toEqual(hex('01 61 04 74657374 00 0001 0001')); // a.test A IN
    expect(bytes.subarray(24)).toEqual(hex('00 0029 04d0 00 00 0000 0000')); // root OPT, 1232, no flags, no options
    expect(ednsBufferSize).toBe(1232);
  });

  it('clears RD with --no-recurse and sets DO with --dnssec', () => {
    const bytes = encodeQuery({ name: 'a.test', type: 1 }, { id: 1, recurse: false, dnssec: true });
    expect(bytes.readUInt16BE(2)).toBe(0);
    expect(bytes.readUInt16BE(bytes.length - 4)).toBe(0x8000);
  });

  it.each([
    [65, 'HTTPS'],
    [64, 'SVCB'],
    [257, 'CAA'],
    [65280, 'TYPE65280'],
  ])('puts type %i (%s) on the wire as its number', (type) => {
    const bytes = encodeQuery({ name: 'a.test', type }, { id: 1, recurse: true, dnssec: false });
    expect(bytes.readUInt16BE(20)).toBe(type);
  });

  it('encodes the root', () => {
    const bytes = encodeQuery({ name: '.', type: 2 }, { id: 1, recurse: true, dnssec: false });
    expect(bytes.subarray(12, 17)).toEqual(hex('00 0002 0001'));
  });
});

describe('decodeReply', () => {
  it('reads status, flags, every section, and leaves OPT out of ADDITIONAL', () => {
    const decoded = decodeReply(reply());
    expect(decoded).toMatchObject({
      id: 0x1234,
      status: 'NOERROR',
      flags: ['qr', 'aa', 'rd', 'ra'],
      truncated: false,
      question: { name: 'a.test', type: 1 },
      edns: { udpSize: 1232, dnssecOk: false },
    });
    expect(decoded.answers).toEqual([
      { name: 'a.test.', type: 'A', ttl: 300, class: 'IN', data: '192.0.2.1' },
      { name: 'a.test.', type: 'A', ttl: 300, class: 'IN', data: '192.0.2.2' },
    ]);
    expect(decoded.authority).toEqual([{ name: 'test.', type: 'NS', ttl: 60, class: 'IN', data: 'ns.test.' }]);
    expect(decoded.additional).toEqual([{ name: 'ns.test.', type: 'A', ttl: 60, class: 'IN', data: '192.0.2.53' }]);
  });

  it('shows TC, AD and NXDOMAIN', () => {
    const flags = packet.TRUNCATED_RESPONSE | packet.AUTHENTIC_DATA | 3;
    const decoded = decodeReply(reply({ flags, answers: [], authorities: [], additionals: [] }));
    expect(decoded.status).toBe('NXDOMAIN');
    expect(decoded.flags).toEqual(['qr', 'tc', 'ad']);
    expect(decoded.truncated).toBe(true);
    expect(decoded.edns).toBeNull();
  });

  it('a truncated reply cut in the middle of a record still says TC (RFC 2181 §9)', () => {
    const whole = reply({ flags: packet.TRUNCATED_RESPONSE | packet.RECURSION_DESIRED });
    const cut = whole.subarray(0, whole.length - 20);
    expect(decodeReply(cut)).toEqual({
      id: 0x1234, status: 'NOERROR', flags: ['qr', 'tc', 'rd'], truncated: true, question: null, answers: [], authority: [], additional: [], edns: null,
    });
    // Without TC the same cut is malformed.
    expect(() => decodeReply(reply().subarray(0, whole.length - 20))).toThrow(MalformedReplyError);
  });

  it('joins the extended RCODE from OPT (RFC 6891 §6.1.3): 16 is BADVERS', () => {
    const opt = { type: 'OPT' as const, name: '.', udpPayloadSize: 1232, extendedRcode: 1, ednsVersion: 0, flags: 0, flag_do: false, options: [] };
    expect(decodeReply(reply({ flags: 0, answers: [], authorities: [], additionals: [opt] })).status).toBe('BADVERS');
  });

  it('decodes HTTPS records itself (dns-packet sees UNKNOWN_65)', () => {
    const bytes = reply({
      questions: [{ name: 'a.test', type: 'UNKNOWN_65' as packet.RecordType }],
      answers: [{ name: 'a.test', type: 'UNKNOWN_65' as 'NULL', ttl: 60, data: hex('0001 00 0001 0003 026832') }],
      authorities: [],
      additionals: [],
    });
    const decoded = decodeReply(bytes);
    expect(decoded.question).toEqual({ name: 'a.test', type: 65, class: 1 });
    expect(decoded.answers[0]).toEqual({ name: 'a.test.', type: 'HTTPS', ttl: 60, class: 'IN', data: '1 . alpn="h2"' });
  });

  it('shows names byte for byte as dig does: a dot inside a label, bytes that are not UTF-8, master-file specials', () => {
    // PTR rdata: "c.d" (one label), "x\xff", "caf\xc3\xa9", "\"q\";", "@", then "test".
    const target = Buffer.from([3, 0x63, 0x2e, 0x64, 2, 0x78, 0xff, 5, 0x63, 0x61, 0x66, 0xc3, 0xa9, 4, 0x22, 0x71, 0x22, 0x3b, 1, 0x40, 4, 0x74, 0x65, 0x73, 0x74, 0]);
    const bytes = Buffer.concat([
      hex('1234 8180 0001 0001 0000 0000'), hex('01 78 04 74657374 00 000c 0001'),
      hex('c00c 000c 0001 0000003c'), Buffer.from([0, target.length]), target,
    ]);
    const decoded = decodeReply(bytes);
    expect(decoded.answers[0]!.data).toBe('c\\.d.x\\255.caf\\195\\169.\\"q\\"\\;.\\@.test.');
    expect(replyMatches(decoded, 0x1234, { name: 'x.test', type: 12 })).toBe(true);
  });

  it.each([
    ['CAA', 257, '00 05 6973737565 78ff79', '0 issue "x\\255y"'],
    ['NAPTR', 35, '0001 0002 01ff 03453255 04 2161fe21 00', '1 2 "\\255" "E2U" "!a\\254!" .'],
    ['HINFO', 13, '01c3 0178', '"\\195" "x"'],
  ])('keeps the bytes of %s strings that are not UTF-8, as dig shows them', (_type, type, rdata, expected) => {
    const data = hex(rdata);
    const bytes = Buffer.concat([
      hex('1234 8180 0000 0001 0000 0000'), hex('01 78 04 74657374 00'), Buffer.from([type >> 8, type & 255]), hex('0001 0000003c'),
      Buffer.from([0, data.length]), data,
    ]);
    expect(decodeReply(bytes).answers[0]!.data).toBe(expected);
  });

  it.each([
    ['an A record with RDLENGTH 5', 1, '00 0001 0001 0000003c 0005 0102030405'],
    ['an A record with RDLENGTH 3 before another A record', 2, '00 0001 0001 0000003c 0003 010203 00 0001 0001 0000003c 0004 05060708'],
    ['an MX record with a name shorter than RDLENGTH', 1, '00 000f 0001 0000003c 0006 000a 00 000000'],
  ])('%s is a MalformedReplyError, not records read from the wrong offsets', (_what, count, records) => {
    const bytes = Buffer.concat([hex(`1234 8180 0000 000${count} 0000 0000`), hex(records)]);
    expect(() => decodeReply(bytes)).toThrow(/RDLENGTH \d+ does not fit/);
  });

  it('reads records that follow each other exactly as their RDLENGTHs say', () => {
    const bytes = Buffer.concat([hex('1234 8180 0000 0002 0000 0000'), hex('00 0001 0001 0000003c 0004 01020304 00 0001 0001 0000003c 0004 05060708')]);
    expect(decodeReply(bytes).answers.map((a) => a.data)).toEqual(['1.2.3.4', '5.6.7.8']);
  });

  it.each([
    ['a CAA record with no bytes', '0101 0001 0000003c 0000'],
    ['a CAA tag longer than the record', '0101 0001 0000003c 0002 0005'],
    ['a NAPTR string longer than the record', '0023 0001 0000003c 0006 0001 0002 09 61'],
  ])('%s is a MalformedReplyError', (_what, record) => {
    const bytes = Buffer.concat([hex('1234 8180 0000 0001 0000 0000'), hex('00'), hex(record)]);
    expect(() => decodeReply(bytes)).toThrow(MalformedReplyError);
  });

  it('matches a question typed in UTF-8 against the same bytes shown as \\DDD', () => {
    const bytes = packet.encode({ type: 'response', id: 7, questions: [{ name: 'café.test', type: 'A', class: 'IN' }], answers: [] });
    const decoded = decodeReply(bytes);
    expect(decoded.question!.name).toBe('caf\\195\\169.test');
    expect(replyMatches(decoded, 7, { name: 'CAFÉ.test', type: 1 })).toBe(false);
    expect(replyMatches(decoded, 7, { name: 'café.test.', type: 1 })).toBe(true);
  });

  it.each([
    ['empty', Buffer.alloc(0), /shorter than a DNS header/],
    ['11 bytes', Buffer.alloc(11), /shorter than a DNS header/],
    ['a query, not a reply', encodeQuery({ name: 'a.test', type: 1 }, { id: 1, recurse: true, dnssec: false }), /QR bit/],
    ['a header promising an answer that is not there', hex('1234 8180 0000 0001 0000 0000'), /./],
    ['a name pointer to itself', hex('1234 8180 0001 0000 0000 0000 c00c 0001 0001'), /bad pointer/],
    ['a forward name pointer', hex('1234 8180 0001 0000 0000 0000 c020 0001 0001'), /pointer/],
    ['a label running past the end', hex('1234 8180 0001 0000 0000 0000 3f 6161'), /./],
    ['an HTTPS record with a broken SvcParam', hex('1234 8180 0000 0001 0000 0000 00 0041 0001 00000000 0006 0001 00 0003 0004'), /bad HTTPS record for \.: SvcParam/],
  ])('%s is a MalformedReplyError', (_what, bytes, message) => {
    expect(() => decodeReply(bytes)).toThrow(MalformedReplyError);
    expect(() => decodeReply(bytes)).toThrow(message);
  });

  it('every truncation of a good reply either decodes or is a MalformedReplyError', () => {
    const good = reply();
    for (let length = 0; length < good.length; length++) {
      const cut = good.subarray(0, length);
      let outcome: unknown;
      try {
        outcome = decodeReply(cut);
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof Error) expect(outcome).toBeInstanceOf(MalformedReplyError);
      // A cut can only still decode if it kept every record the header counts.
      else expect(length).toBeGreaterThanOrEqual(good.length - 11);
    }
  });

  it('survives 3000 random and randomly damaged packets: a reply or a MalformedReplyError, never anything else', () => {
    let seed = 20261125;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const good = reply();
    let malformed = 0;
    for (let i = 0; i < 3000; i++) {
      let bytes: Buffer;
      if (i % 2 === 0) {
        bytes = Buffer.from(Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256)));
        if (bytes.length > 3) bytes[2] = (bytes[2]! | 0x80) & 0xff; // mostly "replies", so decoding goes deep
      } else {
        bytes = Buffer.from(good);
        for (let flips = 1 + Math.floor(random() * 6); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        bytes = bytes.subarray(0, Math.floor(random() * (bytes.length + 1)));
      }
      try {
        decodeReply(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(MalformedReplyError);
        malformed++;
      }
    }
    expect(malformed).toBeGreaterThan(1000);
  });
});

describe('replyMatches and peekId', () => {
  const decoded = decodeReply(reply());
  it.each([
    ['same ID and question', 0x1234, 'a.test', 1, true],
    ['name in other case (0x20) and with a final dot', 0x1234, 'A.TeSt.', 1, true],
    ['another ID', 0x1235, 'a.test', 1, false],
    ['another name', 0x1234, 'b.test', 1, false],
    ['another type', 0x1234, 'a.test', 28, false],
  ])('%s → %s', (_what, id, name, type, expected) => {
    expect(replyMatches(decoded, id, { name, type })).toBe(expected);
  });

  it('accepts a REFUSED reply without a question, but not a NOERROR one', () => {
    expect(replyMatches(decodeReply(hex('1234 8185 0000 0000 0000 0000')), 0x1234, { name: 'a.test', type: 1 })).toBe(true);
    expect(replyMatches(decodeReply(hex('1234 8180 0000 0000 0000 0000')), 0x1234, { name: 'a.test', type: 1 })).toBe(false);
  });

  it('peeks the ID of anything with two bytes', () => {
    expect(peekId(hex('abcd'))).toBe(0xabcd);
    expect(peekId(hex('ab'))).toBeUndefined();
  });
});

describe('splitTxt (dns-packet would write a 300-byte string with a wrong length byte)', () => {
  it.each([
    [0, [0]],
    [255, [255]],
    [256, [255, 1]],
    [600, [255, 255, 90]],
  ])('%i bytes → strings of %j', (size, sizes) => {
    expect(splitTxt('x'.repeat(size)).map((part) => part.length)).toEqual(sizes);
  });

  it('round-trips through the wire as the strings dig would show', () => {
    const strings = splitTxt('y'.repeat(300));
    const bytes = reply({ answers: [{ name: 'a.test', type: 'TXT', ttl: 1, data: strings }], authorities: [], additionals: [], questions: [{ name: 'a.test', type: 'TXT' }] });
    expect(decodeReply(bytes).answers[0]!.data).toBe(`"${'y'.repeat(255)}" "${'y'.repeat(45)}"`);
  });
});

describe('record and question classes, as dig writes them (RFC 3597 §5)', () => {
  const record = (klass: string) => Buffer.concat([hex('1234 8180 0001 0001 0000 0000'), hex('01 78 04 74657374 00 0001 0001'), hex(`c00c 0001 ${klass} 0000003c 0004 c0000201`)]);
  it.each([
    ['0001', 'IN'],
    ['0003', 'CH'],
    ['0004', 'HS'],
    ['0f00', 'CLASS3840'],
    ['0002', 'CLASS2'],
    // The cache-flush bit is mDNS only (RFC 6762 §10.2): to unicast DNS, 0x8001 is class 32769.
    ['8001', 'CLASS32769'],
  ])('class %s is %s', (klass, shown) => {
    expect(decodeReply(record(klass)).answers[0]!.class).toBe(shown);
  });

  it('a question is matched on its class: IN by default, or the one asked', () => {
    const reply = decodeReply(Buffer.concat([hex('1234 8180 0001 0000 0000 0000'), hex('01 78 04 74657374 00 0010 0003')]));
    expect(reply.question).toEqual({ name: 'x.test', type: 16, class: 3 });
    expect(replyMatches(reply, 0x1234, { name: 'x.test', type: 16 })).toBe(false);
    expect(replyMatches(reply, 0x1234, { name: 'x.test', type: 16, class: 3 })).toBe(true);
  });
});

describe('the wire decoding is our own', () => {
  it('no source file imports dns-packet (it is a test-only dependency: the fake servers encode with it)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const root = new URL('../../../src/', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => /from 'dns-packet'|require\('dns-packet'\)/.test(readFileSync(new URL(file, root), 'utf8')))).toEqual([]);
  });
});
