/** What @types/dns-packet leaves out but dns-packet 5 does: header rcode/opcode, and codecs' byte counts. */
import 'dns-packet';

declare module 'dns-packet' {
  interface DecodedPacket {
    /** `NOERROR`, `NXDOMAIN`, ... from the header's 4-bit RCODE (RFC 1035 §4.1.1). */
    rcode: string;
    /** `QUERY`, `IQUERY`, `STATUS`, ... */
    opcode: string;
  }

  /** The record codec every section is decoded through (`answer.decode(buf, offset)`, then `answer.decode.bytes`). */
  const answer: {
    decode: ((buf: Buffer, offset?: number) => Answer) & { bytes: number };
  };
  /** The name codec every record codec calls through (`name.decode(buf, offset)`, then `name.decode.bytes`). */
  const name: {
    encode(name: string, buf?: Buffer, offset?: number, options?: { mail?: boolean }): Buffer;
    decode: ((buf: Buffer, offset?: number, options?: { mail?: boolean }) => string) & { bytes: number };
    encodingLength(name: string): number;
  };
}
