import { afterEach, describe, expect, it } from 'vitest';
import { splitNetlinkDump } from '../../../src/protocol/netlink.js';
import { parseInetDiag } from '../../../src/protocol/sock-diag.js';
import { inetDumpRequest, portPairsBytecode } from '../../../src/protocol/sock-diag-request.js';
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

describe('a kernel-side port filter (inet_diag bytecode)', () => {
  it('dumps only the connections whose ports it names', async () => {
    delete process.env.NETTOOL_NATIVE;
    const status = loadNativeAddon();
    if (status.kind !== 'loaded') throw new Error(status.reason);
    const { createServer, connect } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const clients = await Promise.all(
      [0, 1, 2].map(() => new Promise<import('node:net').Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
      })),
    );
    try {
      const wanted = clients.slice(0, 2).map((c) => ({ localPort: c.localPort!, remotePort: port }));
      const bytecode = portPairsBytecode(wanted, true)!;
      const reply = status.addon.sockDiag(inetDumpRequest({ family: 2, protocol: 6, states: 0xfff, tcpInfo: true, bytecode }, true));
      const table = parseInetDiag(reply, 'tcp', { littleEndian: true, tcpInfo: true });
      expect(table.connections.map((c) => c.local.port).sort()).toEqual(wanted.map((w) => w.localPort).sort());
      expect(table.counters.size).toBe(2);
      // The last pair alone, and a pair that matches nothing.
      const last = parseInetDiag(status.addon.sockDiag(inetDumpRequest({ family: 2, protocol: 6, states: 0xfff, bytecode: portPairsBytecode(wanted.slice(1), true)! }, true)), 'tcp', { littleEndian: true });
      expect(last.connections.map((c) => c.local.port)).toEqual([wanted[1]!.localPort]);
      const none = parseInetDiag(status.addon.sockDiag(inetDumpRequest({ family: 2, protocol: 6, states: 0xfff, bytecode: portPairsBytecode([{ localPort: 1, remotePort: 1 }], true)! }, true)), 'tcp', { littleEndian: true });
      expect(none.connections).toEqual([]);
    } finally {
      for (const c of clients) c.destroy();
      server.close();
    }
  });
});
