/** RFC 864 character generator pattern: 72-character lines of printable ASCII, each starting one character later. Pure. */

/** The 95 printable ASCII characters, space (32) to tilde (126), that the pattern rotates through. */
const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
export const CHARGEN_LINE_LENGTH = 72;
/** After 95 lines the pattern repeats, so a block of 95 lines can be sent over and over. */
export const CHARGEN_CYCLE_LINES = printable.length;

/** Line `n` (from 0) of the pattern, with CR LF (RFC 864: "lines ... terminated by CR LF"). */
export function chargenLine(n: number): string {
  const start = ((n % printable.length) + printable.length) % printable.length;
  const doubled = printable + printable;
  return `${doubled.slice(start, start + CHARGEN_LINE_LENGTH)}\r\n`;
}

/** `cycles` whole cycles of the pattern (95 lines each, 7030 bytes), ready to be written repeatedly. */
export function chargenBlock(cycles = 1): Buffer {
  const cycle = Array.from({ length: CHARGEN_CYCLE_LINES }, (_, n) => chargenLine(n)).join('');
  return Buffer.from(cycle.repeat(Math.max(1, cycles)), 'latin1');
}

/**
 * The reply to one UDP datagram: RFC 864 says "a random number (between 0 and 512) of characters".
 * `random` is a number in [0, 1) supplied by the caller; the text is the pattern, lines and all.
 */
export function chargenDatagram(random: number, line = 0): Buffer {
  const length = Math.min(512, Math.floor(random * 513));
  let text = '';
  for (let n = line; text.length < length; n++) text += chargenLine(n);
  return Buffer.from(text.slice(0, length), 'latin1');
}
