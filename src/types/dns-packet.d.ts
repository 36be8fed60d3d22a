/** What @types/dns-packet leaves out but dns-packet 5 does: header rcode/opcode, and codecs' byte counts. */
import 'dns-packet';

declare module 'dns-packet' {
  interface DecodedPacket {
    /** `NOERROR`, `NXDOMAIN`, ... from the header's 4-bit RCODE (RFC 1035 §4.1.1). */
    rcode: string;
    /** `QUERY`, `IQUERY`, `STATUS`, ... */
    opcode: string;
  }
}
