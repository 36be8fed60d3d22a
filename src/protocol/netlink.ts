/** Netlink message framing (linux/netlink.h): headers, NLMSG_DONE, NLMSG_ERROR, route-style attributes. Pure: bytes in, views out. */

export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const nlmsgHeaderLength = 16;

/** Netlink messages and attributes start on 4-byte boundaries. */
export const align4 = (length: number) => (length + 3) & ~3;

/** One message's payload, as offsets into the dump buffer: no copy. */
export interface NetlinkMessage {
  readonly type: number;
  /** Where the payload starts (after the 16-byte header) and ends. */
  readonly start: number;
  readonly end: number;
}

export type NetlinkDump =
  | { readonly kind: 'done'; readonly messages: readonly NetlinkMessage[] }
  /** The kernel refused the request: a positive errno value (NLMSG_ERROR carries it negated). */
  | { readonly kind: 'error'; readonly errno: number }
  /** Framing that does not hold: a header past the end, a length below 16, or no NLMSG_DONE. */
  | { readonly kind: 'malformed'; readonly reason: string };

/**
 * Splits a dump into its messages. Only a dump that ends in NLMSG_DONE is whole: one cut short is
 * malformed, never a shorter table passed off as the kernel's.
 */
export function splitNetlinkDump(bytes: Uint8Array, littleEndian: boolean): NetlinkDump {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: NetlinkMessage[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < nlmsgHeaderLength) return { kind: 'malformed', reason: `${bytes.length - at} stray bytes at the end` };
    const length = view.getUint32(at, littleEndian);
    const type = view.getUint16(at + 4, littleEndian);
    if (length < nlmsgHeaderLength || length > bytes.length - at) {
      return { kind: 'malformed', reason: `message at byte ${at} claims ${length} bytes` };
    }
    if (type === NLMSG_DONE) return { kind: 'done', messages };
    if (type === NLMSG_ERROR) {
      // struct nlmsgerr: int error (negative errno, or 0 for an acknowledgement), then the request.
      if (length < nlmsgHeaderLength + 4) return { kind: 'malformed', reason: 'NLMSG_ERROR without an error code' };
      const error = view.getInt32(at + nlmsgHeaderLength, littleEndian);
      return error === 0 ? { kind: 'done', messages } : { kind: 'error', errno: -error };
    }
    messages.push({ type, start: at + nlmsgHeaderLength, end: at + length });
    at += align4(length);
  }
  return { kind: 'malformed', reason: 'the dump has no NLMSG_DONE' };
}

/** A few errno values by name, for the one-line messages; others are shown as numbers. */
const errnoNames: Readonly<Record<number, string>> = { 1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 22: 'EINVAL', 95: 'EOPNOTSUPP', 105: 'ENOBUFS' };

export function errnoName(errno: number): string {
  return errnoNames[errno] ?? `errno ${errno}`;
}
