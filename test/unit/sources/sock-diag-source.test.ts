import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildConnectionFilter } from '../../../src/protocol/connection-filter.js';
import { createProcConnectionSource } from '../../../src/sources/connections.js';
import type { NativeAddon } from '../../../src/sources/native-addon.js';
import { createConnectionSource } from '../../../src/sources/sock-diag-source.js';
import { concat, done, inetDump, nlError, nlmsg } from '../../helpers/sock-diag-bytes.js';

const procRoot = fileURLToPath(new URL('../../fixtures/proc', import.meta.url));
const all = buildConnectionFilter({ all: true });
const loopback = [127, 0, 0, 1];

/** An addon that answers each request with the next reply (bytes, or an error to throw), and counts requests. */
function fakeAddon(reply: (request: Uint8Array) => Uint8Array | Error): NativeAddon & { requests: Uint8Array[] } {
  const requests: Uint8Array[] = [];
  return {
    requests,
    sockDiag(request) {
      requests.push(Uint8Array.from(request));
      const answer = reply(request);
      if (answer instanceof Error) throw answer;
      return Buffer.from(answer);
    },
  };
}

const fromProc = () => createProcConnectionSource({ procRoot, littleEndian: true }).snapshot(all, { owners: false });

describe('createConnectionSource', () => {
  it('reads sock_diag: one request per table, TCP with tcp_info only when asked', () => {
    const addon = fakeAddon((request) =>
      request[17] === 6 && request[16] === 2 ? inetDump({ state: 1, sport: 22, dport: 40000, src: loopback, dst: loopback, inode: 5 }) : done(),
    );
    const source = createConnectionSource({ procRoot, addon });
    const snapshot = source.snapshot(all, { owners: false });
    expect(snapshot.connections).toMatchObject([{ proto: 'tcp', local: { port: 22 }, inode: 5 }]);
    expect(addon.requests.map((r) => [r[16], r[17], r[18]])).toEqual([
      [2, 6, 0],
      [10, 6, 0],
      [2, 17, 0],
      [10, 17, 0],
    ]);
    addon.requests.length = 0;
    source.snapshot(buildConnectionFilter({ tcp: true }), { owners: false, tcpInfo: true });
    expect(addon.requests.map((r) => [r[16], r[17], r[18]])).toEqual([
      [2, 6, 2],
      [10, 6, 2],
    ]);
  });

  it('asks the kernel only for the states the filter keeps', () => {
    const addon = fakeAddon(() => done());
    createConnectionSource({ procRoot, addon }).snapshot(buildConnectionFilter({ tcp: true, listening: true }), { owners: false });
    const states = new DataView(addon.requests[0]!.buffer).getUint32(20, true);
    expect(states).toBe(1 << 10);
  });

  it.each([
    ['the addon throws (ENOBUFS mid-dump)', () => Object.assign(new Error('netlink sock_diag: No buffer space available'), { code: 'ENOBUFS' })],
    ['the kernel answers NLMSG_ERROR', () => nlError(22)],
    ['the dump is cut short', () => nlmsg(20, new Uint8Array(72))],
    ['a header lies about its length', () => concat(Uint8Array.of(200, 0, 0, 0, 20, 0, 2, 0), new Uint8Array(8))],
  ])('falls back to /proc for good when %s', (_case, reply) => {
    const addon = fakeAddon(reply);
    const source = createConnectionSource({ procRoot, littleEndian: true, addon });
    expect(source.snapshot(all, { owners: false })).toEqual(fromProc());
    expect(source.snapshot(all, { owners: false })).toEqual(fromProc());
    expect(addon.requests).toHaveLength(1);
  });

  it('reads /proc with no addon (NETTOOL_NATIVE=0, another platform)', () => {
    expect(createConnectionSource({ procRoot, littleEndian: true, addon: null }).snapshot(all, { owners: false })).toEqual(fromProc());
  });
});
