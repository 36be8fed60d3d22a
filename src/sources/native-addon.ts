/** Loads the native addon (prebuilds/PLATFORM-ARCH/nettool.node) once, on first use, and says why when it cannot. Never throws. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What the addon exports; each part of native/src adds its functions here. */
export interface NativeAddon {
  /** One whole NETLINK_SOCK_DIAG dump for one request message, as the kernel sent it (ending in NLMSG_DONE or NLMSG_ERROR). */
  sockDiag(request: Uint8Array): Buffer;
}

export type NativeStatus =
  | { readonly kind: 'loaded'; readonly addon: NativeAddon; readonly path: string }
  | { readonly kind: 'absent'; readonly reason: string };

declare const __dirname: string | undefined;

/** Where the addon lives: beside dist/ (dist/commands/*.cjs) or src/ (src/sources/*.ts in tests), both two folders below the package. */
export function nativeAddonPath(platform = process.platform, arch = process.arch): string | null {
  if (typeof __dirname !== 'string') return null;
  return join(__dirname, '..', '..', 'prebuilds', `${platform}-${arch}`, 'nettool.node');
}

let status: NativeStatus | undefined;

/**
 * The addon, or why not: NETTOOL_NATIVE=0, no build for this platform, or a load error (another libc,
 * a Node without Node-API 8). Loaded at most once per process and only by the commands that use it.
 */
export function loadNativeAddon(): NativeStatus {
  status ??= load();
  return status;
}

function load(): NativeStatus {
  if (process.env.NETTOOL_NATIVE === '0') return { kind: 'absent', reason: 'NETTOOL_NATIVE=0' };
  const path = nativeAddonPath();
  if (path === null) return { kind: 'absent', reason: 'cannot locate the addon from an ES module bundle' };
  if (!existsSync(path)) return { kind: 'absent', reason: `no native addon for ${process.platform}-${process.arch}` };
  try {
    const module = { exports: {} as Partial<NativeAddon> };
    process.dlopen(module, path);
    if (typeof module.exports.sockDiag !== 'function') return { kind: 'absent', reason: `${path} is not nettool's addon` };
    return { kind: 'loaded', addon: module.exports as NativeAddon, path };
  } catch (error) {
    return { kind: 'absent', reason: `the native addon did not load: ${firstLine((error as Error).message)}` };
  }
}

const firstLine = (text: string) => text.split('\n', 1)[0]!;

/** Tests only: forget the cached status so that NETTOOL_NATIVE is read again. */
export function resetNativeAddonForTests(): void {
  status = undefined;
}
