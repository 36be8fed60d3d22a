/** A DNS message in a packet summarised as tcpdump does (`4660+ A? example.com. (29)`), through dns-message.ts's decoder. Pure. */
import { decodeAnyMessage } from '../dns-message.js';
import { formatName } from '../dns-text.js';
import { formatRecordType } from '../dns-types.js';
import type { DnsSummary } from './types.js';

const opcodes = ['', ' inv_q', ' stat', ' op3', ' notify', ' update'];
const rcodes = ['', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet', ' NotAuth', ' NotZone'];

/** tcpdump's order of record data where dig's differs: MX shows the exchange before the preference. */
function recordText(type: string, data: string): string {
  if (type === 'MX') {
    const [preference, exchange] = data.split(' ');
    return `MX ${exchange} ${preference}`;
  }
  return `${type} ${data}`;
}

/**
 * The header words as tcpdump prints them (print-domain.c): a query is `ID`, `+` for RD, `%` for CD and
 * the counts of records a query should not carry (`[1au]` for an EDNS OPT); a response is `ID`, the
 * rcode, `*` for AA, `-` when RA is clear, `|` for TC and `an/ns/ar`.
 */
export function summariseDns(message: Uint8Array): DnsSummary | { readonly problem: string } {
  if (message.length < 12) return { problem: `truncated DNS header (${message.length} of 12 bytes)` };
  const u16 = (at: number) => (message[at]! << 8) | message[at + 1]!;
  const id = u16(0);
  const bits = u16(2);
  const [qd, an, ns, ar] = [u16(4), u16(6), u16(8), u16(10)];
  const response = (bits & 0x8000) !== 0;
  const opcode = opcodes[(bits >> 11) & 0xf] ?? ` op${(bits >> 11) & 0xf}`;
  let text: string;
  if (response) {
    const rcode = rcodes[bits & 0xf] ?? ` Resp${bits & 0xf}`;
    text = `${id}${opcode}${rcode}${bits & 0x0400 ? '*' : ''}${bits & 0x0080 ? '' : '-'}${bits & 0x0200 ? '|' : ''}${qd !== 1 ? ` [${qd}q]` : ''} ${an}/${ns}/${ar}`;
  } else {
    text = `${id}${opcode}${bits & 0x0100 ? '+' : ''}${bits & 0x0010 ? '%' : ''}${an ? ` [${an}a]` : ''}${ns ? ` [${ns}n]` : ''}${ar ? ` [${ar}au]` : ''}${qd !== 1 ? ` [${qd}q]` : ''}`;
  }
  let body: string;
  try {
    const decoded = decodeAnyMessage(message);
    if (response) {
      body = decoded.answers.map((record) => ` ${recordText(record.type, record.data)}`).join(',');
    } else {
      body = decoded.question ? ` ${formatRecordType(decoded.question.type)}? ${formatName(decoded.question.name)}` : '';
    }
  } catch (error) {
    body = ` [malformed: ${(error as Error).message}]`;
  }
  return { id, response, text: `${text}${body} (${message.length})` };
}
