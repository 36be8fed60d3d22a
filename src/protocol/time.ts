/** The time services' wire formats: RFC 868 binary seconds (with eras past 2036) and ctime text. Pure: the caller passes the clock. */

/** Seconds from 1900-01-01T00:00Z (RFC 868's epoch) to 1970-01-01T00:00Z (Unix). */
export const RFC868_EPOCH_OFFSET = 2_208_988_800;
const ERA = 2 ** 32;

/**
 * RFC 868: the time as a 32-bit big-endian count of seconds since 1900. The count wraps at
 * 2036-02-07T06:28:16Z; like NTP (RFC 5905 §6) we send the value modulo 2^32, the "era" being implied.
 */
export function encodeRfc868(unixMs: number): Uint8Array {
  const seconds = Math.floor(unixMs / 1000) + RFC868_EPOCH_OFFSET;
  const wrapped = ((seconds % ERA) + ERA) % ERA;
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, wrapped, false);
  return bytes;
}

/**
 * The Unix time (ms) that 32 RFC 868 bits stand for, choosing the era that puts it nearest to
 * `pivotMs` (a clock known to be within 68 years of the truth), so 2036's wrap decodes forwards.
 */
export function decodeRfc868(bytes: Uint8Array, pivotMs: number): number {
  if (bytes.length !== 4) throw new RangeError(`an RFC 868 time is 4 bytes, got ${bytes.length}`);
  const value = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  const pivot = Math.floor(pivotMs / 1000) + RFC868_EPOCH_OFFSET;
  const era = Math.round((pivot - value) / ERA);
  return (era * ERA + value - RFC868_EPOCH_OFFSET) * 1000;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * C's ctime(3) without its newline: `Wed Nov 25 18:35:14 2026`, the day of month padded with a space.
 * `offsetMinutes` is the local zone's offset east of UTC (the negated Date#getTimezoneOffset()).
 */
export function formatCtime(unixMs: number, offsetMinutes = 0): string {
  const d = new Date(unixMs + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}
