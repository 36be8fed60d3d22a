import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Ink's chalk decides its colour level when imported: force it so highlights can be seen in frames.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import type { RateScope, SnapshotFeed, WatchSnapshot } from '../../../src/protocol/watch-view.js';
import { stripAnsi } from '../../../src/render/width.js';
import { WatchApp } from '../../../src/ui/WatchApp.js';
import { createTheme } from '../../../src/ui/theme.js';
import { snapshot, watchRow } from '../../helpers/watch-rows.js';

const keys = { escape: '\u001b', enter: '\r', pageDown: '\u001b[6~', end: '\u001b[F' };
const intervalMs = 40;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Retries the assertions until they hold: React and Ink draw a little after each event. */
const eventually = (assertions: () => void, interval = 10) => vi.waitFor(assertions, { timeout: 3000, interval });

/** Hands out the snapshots in order, then the last one again; counts the calls and keeps what rates each asked for. */
function fakeFeed(snapshots: readonly WatchSnapshot[]): SnapshotFeed & { calls: number; scopes: (RateScope | undefined)[] } {
  const feed = {
    calls: 0,
    scopes: [] as (RateScope | undefined)[],
    next: async (scope?: RateScope) => {
      feed.scopes.push(scope);
      return snapshots[Math.min(feed.calls++, snapshots.length - 1)]!;
    },
  };
  return feed;
}

/** The frame as text, with the clock (the one changing value) masked. */
function plain(frame: string | undefined): string {
  return stripAnsi(frame ?? '').replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS');
}

const web = watchRow({ localPort: 40010, remotePort: 443, pid: 7, program: 'curl', rxRate: 2048, txRate: 100 });
const ssh = watchRow({ localAddress: '::1', localPort: 22, remoteAddress: '::1', remotePort: 51000, proto: 'tcp6', pid: 1, program: 'sshd' });
const listener = watchRow({ localAddress: '0.0.0.0', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' });
const fresh = watchRow({ localPort: 40011, remotePort: 443, pid: 7, program: 'curl' });

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function start(snapshots: readonly WatchSnapshot[]) {
  const feed = fakeFeed(snapshots);
  const app = render(<WatchApp feed={feed} intervalMs={intervalMs} host="testhost" theme={createTheme(true)} />);
  unmount = app.unmount;
  const frame = () => plain(app.lastFrame());
  const resize = (rows: number) => {
    Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
    app.stdout.emit('resize');
  };
  return { app, feed, frame, resize };
}

describe('WatchApp (100 columns, 24 rows)', () => {
  it('draws header, table and key hints', async () => {
    const { frame } = start([snapshot([web, ssh, listener])]);
    await eventually(() => expect(frame()).toContain('7/curl'));
    expect(frame()).toMatchInlineSnapshot(`
      "testhost  HH:MM:SS  every 0.04s  2 sockets
      2 of 3 sockets  tcp 1  tcp6 1  ESTABLISHED 2
      eth0 rx 2.0 KiB/s  tx 512 B/s
      Proto  Local Address▲  Foreign Address  State            Rx/s      Tx/s PID/Program
      tcp    127.0.0.1:40010 127.0.0.1:443    ESTABLISHED 2.0 KiB/s   100 B/s 7/curl
      tcp6   [::1]:22        [::1]:51000      ESTABLISHED         -         - 1/sshd
      tcp+udp, listening hidden  q quit  / filter  s sort  r reverse  t tcp  u udp  l listening  ? help"
    `);
  });

  it('highlights new rows and shows gone rows dimmed and struck for one refresh', async () => {
    const { app, frame } = start([snapshot([web, ssh]), snapshot([web, fresh]), snapshot([web, fresh])]);
    const line = (port: string) => (app.lastFrame() ?? '').split('\n').find((l) => stripAnsi(l).includes(port)) ?? '';
    await eventually(() => expect(frame()).toContain(':40011'));
    expect(line(':40011')).toContain('\u001b[1m'); // bold
    expect(line(':40011')).toContain('\u001b[92m'); // bright green
    expect(line(':51000')).toContain('\u001b[9m'); // struck through
    expect(line(':51000')).toContain('\u001b[2m'); // dim
    expect(line(':40010')).not.toContain('\u001b[9m');
    await eventually(() => expect(frame()).not.toContain(':51000'));
    expect(line(':40011')).not.toContain('\u001b[92m');
  });

  it('filters with / and Enter even when typed faster than it draws, clears with Esc, and quits with q', async () => {
    const { app, feed, frame } = start([snapshot([web, ssh, fresh])]);
    await eventually(() => expect(frame()).toContain('sshd'));
    app.stdin.write('/');
    for (const ch of 'curl') app.stdin.write(ch);
    await eventually(() => expect(frame()).toContain('/curl'));
    app.stdin.write(keys.enter);
    await eventually(() => expect(frame()).toContain('filter "curl"'));
    expect(frame()).toContain(':40010');
    expect(frame()).not.toContain('sshd');
    app.stdin.write(keys.escape);
    await eventually(() => expect(frame()).toContain('sshd'));
    const before = feed.calls;
    app.stdin.write('q');
    // A refresh already under way may finish (a loaded machine takes a while to unmount); after
    // that, nothing more is read or drawn for many intervals.
    let calls = -1;
    await eventually(() => {
      const now = feed.calls;
      const steady = now === calls;
      calls = now;
      expect(steady).toBe(true);
    }, intervalMs * 3);
    expect(calls).toBeLessThanOrEqual(before + 2);
    const frames = app.frames.length;
    await settle(intervalMs * 8);
    expect(feed.calls).toBe(calls);
    expect(app.frames.length).toBe(frames);
  });

  it('groups by process with g, with summed rates', async () => {
    const { app, feed, frame } = start([snapshot([web, fresh, ssh])]);
    await eventually(() => expect(frame()).toContain('sshd'));
    await eventually(() =>
      expect(feed.scopes.at(-1)).toEqual({
        kind: 'ports',
        pairs: [
          { localPort: 40010, remotePort: 443 },
          { localPort: 40011, remotePort: 443 },
          { localPort: 22, remotePort: 51000 },
        ],
      }),
    );
    app.stdin.write('g');
    await eventually(() => expect(feed.scopes.at(-1)).toEqual({ kind: 'all' }));
    await eventually(() => expect(frame()).toMatch(/PID\/Program\s+▼Sockets\s+Rx\/s\s+Tx\/s States/));
    expect(frame()).toMatch(/7\/curl\s+2\s+2\.0 KiB\/s\s+100 B\/s ESTABLISHED 2/);
    expect(frame()).toMatch(/1\/sshd\s+1\s+-\s+- ESTABLISHED 1/);
  });

  it('shows help on ? and closes it on Esc without quitting', async () => {
    const { app, feed, frame } = start([snapshot([web])]);
    await eventually(() => expect(frame()).toContain('7/curl'));
    app.stdin.write('?');
    await eventually(() => expect(frame()).toContain('group by process'));
    expect(frame()).not.toContain('7/curl');
    app.stdin.write(keys.escape);
    await eventually(() => expect(frame()).toContain('7/curl'));
    const calls = feed.calls;
    await eventually(() => expect(feed.calls).toBeGreaterThan(calls));
  });

  it('says n/a in the rate columns without ss', async () => {
    const { frame } = start([snapshot([web], { ratesAvailable: false })]);
    await eventually(() => expect(frame()).toMatch(/ESTABLISHED\s+n\/a\s+n\/a 7\/curl/));
  });

  it('pauses on p: later refreshes wait until p again', async () => {
    const { app, feed, frame } = start([snapshot([web]), snapshot([web, fresh])]);
    await eventually(() => expect(frame()).toContain('7/curl'));
    app.stdin.write('p');
    await eventually(() => expect(frame()).toContain('PAUSED'));
    const calls = feed.calls;
    await eventually(() => expect(feed.calls).toBeGreaterThan(calls + 1));
    expect(frame()).not.toContain(':40011');
    app.stdin.write('p');
    await eventually(() => expect(frame()).toContain(':40011'));
    expect(frame()).not.toContain('PAUSED');
  });
});

describe('WatchApp and the terminal size', () => {
  const many = Array.from({ length: 100 }, (_, i) => watchRow({ localPort: 41000 + i }));
  const lines = (text: string) => text.split('\n').length;

  it('never draws as many lines as the terminal has, and follows a resize', async () => {
    const { frame, resize } = start([snapshot(many)]);
    await eventually(() => expect(frame()).toContain('1-18 of 100 sockets'));
    expect(lines(frame())).toBe(23);
    resize(12);
    await eventually(() => expect(frame()).toContain('1-6 of 100 sockets'));
    expect(lines(frame())).toBe(11);
  });

  it('keeps to one header line on a small terminal', async () => {
    const { frame, resize } = start([snapshot(many)]);
    resize(8);
    await eventually(() => expect(lines(frame())).toBe(7));
    const shown = frame().split('\n');
    expect(shown[0]).toContain('testhost');
    expect(shown[1]).toContain('Proto');
  });

  it('scrolls a page with PgDn and to the end with End', async () => {
    const { app, frame } = start([snapshot(many)]);
    await eventually(() => expect(frame()).toContain('1-18 of 100 sockets'));
    app.stdin.write(keys.pageDown);
    await eventually(() => expect(frame()).toContain('19-36 of 100 sockets'));
    expect(frame()).toContain(':41018 ');
    app.stdin.write(keys.end);
    await eventually(() => expect(frame()).toContain('83-100 of 100 sockets'));
    expect(frame()).toContain(':41099 ');
  });
});
