/** Which way nettool reads the kernel's socket tables: netlink through the native addon, or /proc. Probes; never throws. */
import { endianness } from 'node:os';
import { errnoName, splitNetlinkDump } from '../protocol/netlink.js';
import { AF_INET, inetDumpRequest, IPPROTO_TCP } from '../protocol/sock-diag-request.js';
import { loadNativeAddon, type NativeAddon } from './native-addon.js';

export type KernelAccess =
  | { readonly method: 'netlink (native)'; readonly reason: string; readonly addon: NativeAddon }
  | { readonly method: '/proc (fallback)'; readonly reason: string };

/**
 * The addon, if it loads and the kernel answers a sock_diag request (a seccomp sandbox or an old
 * kernel may refuse netlink); else why not. The probe asks for no states, so the kernel walks no table.
 */
export function kernelAccess(): KernelAccess {
  const status = loadNativeAddon();
  if (status.kind === 'absent') return { method: '/proc (fallback)', reason: status.reason };
  const littleEndian = endianness() === 'LE';
  let reply: Buffer;
  try {
    reply = status.addon.sockDiag(inetDumpRequest({ family: AF_INET, protocol: IPPROTO_TCP, states: 0 }, littleEndian));
  } catch (error) {
    return { method: '/proc (fallback)', reason: (error as Error).message };
  }
  const dump = splitNetlinkDump(reply, littleEndian);
  if (dump.kind === 'error') return { method: '/proc (fallback)', reason: `netlink sock_diag said ${errnoName(dump.errno)}` };
  if (dump.kind === 'malformed') return { method: '/proc (fallback)', reason: `netlink sock_diag: ${dump.reason}` };
  return { method: 'netlink (native)', reason: `sock_diag through ${status.path.split('/').slice(-3).join('/')}`, addon: status.addon };
}
