/** What a service says first, made safe to print: its first line, control characters escaped. Pure. */

/** Longest banner shown, in characters: a greeting line, not a page. */
export const maxBannerLength = 200;

/**
 * C0 and C1 controls, DEL, and the bidirectional formatting characters (U+061C, U+200E/F,
 * U+202A-E, U+2066-9) that reorder what follows them on a terminal: none reaches it raw.
 */
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The first line of `bytes` (up to LF, a trailing CR dropped), read as UTF-8 (bad sequences become
 * U+FFFD), with every unsafe character shown as `\xNN` or `\uNNNN`, cut at maxBannerLength with `…`.
 * Empty when the service sent an empty first line.
 */
export function formatBanner(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const newline = buffer.indexOf(0x0a);
  let line = buffer.subarray(0, newline < 0 ? buffer.length : newline).toString('utf8');
  if (line.endsWith('\r')) line = line.slice(0, -1);
  const safe = line.replace(unsafe, escapeChar);
  return safe.length > maxBannerLength ? `${safe.slice(0, maxBannerLength - 1)}…` : safe;
}
