import { afterEach, describe, expect, it } from 'vitest';
import { splitNetlinkDump } from '../../../src/protocol/netlink.js';
import { inetDumpRequest } from '../../../src/protocol/sock-diag-request.js';
import { kernelAccess } from '../../../src/sources/kernel-access.js';
import { loadNativeAddon, resetNativeAddonForTests } from '../../../src/sources/native-addon.js';

const saved = process.env.NETTOOL_NATIVE;
afterEach(() => {
  if (saved === undefined) delete process.env.NETTOOL_NATIVE;
  else process.env.NETTOOL_NATIVE = saved;
  resetNativeAddonForTests();
});

describe('the native addon', () => {
  // `npm test` builds it (scripts/build-native.mjs); CI installs the compiler. Missing is a failure here.
  it('is built for this machine and loads', () => {
    delete process.env.NETTOOL_NATIVE;
    const status = loadNativeAddon();
    expect(status.kind === 'absent' ? status.reason : 'loaded').toBe('loaded');
    expect(kernelAccess().method).toBe('netlink (native)');
  });

  it('loads once and answers the same status after', () => {
    delete process.env.NETTOOL_NATIVE;
    expect(loadNativeAddon()).toBe(loadNativeAddon());
  });

  it('is not used under NETTOOL_NATIVE=0, and says so', () => {
    process.env.NETTOOL_NATIVE = '0';
    expect(kernelAccess()).toEqual({ method: '/proc (fallback)', reason: 'NETTOOL_NATIVE=0' });
  });

  it('throws a coded error, not a crash, for a request that is not one netlink message', () => {
    delete process.env.NETTOOL_NATIVE;
    const status = loadNativeAddon();
    if (status.kind !== 'loaded') throw new Error(status.reason);
    expect(() => status.addon.sockDiag(new Uint8Array(8))).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    const lying = new Uint8Array(72);
    new DataView(lying.buffer).setUint32(0, 200, true);
    expect(() => status.addon.sockDiag(lying)).toThrow(expect.objectContaining({ code: 'EINVAL' }));
    expect(() => status.addon.sockDiag('x' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it("hands over the kernel's NLMSG_ERROR for a family sock_diag does not know", () => {
    delete process.env.NETTOOL_NATIVE;
    const status = loadNativeAddon();
    if (status.kind !== 'loaded') throw new Error(status.reason);
    // sdiag_family past AF_MAX: __sock_diag_cmd answers EINVAL.
    const reply = status.addon.sockDiag(inetDumpRequest({ family: 99 as 2, protocol: 6, states: 0xffffffff }, true));
    expect(splitNetlinkDump(reply, true)).toEqual({ kind: 'error', errno: 22 });
  });
});
