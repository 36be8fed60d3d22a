import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowRow } from '../../../src/protocol/capture-flows.js';
import type { ClientSnapshot, ServeEvent } from '../../../src/protocol/serve-events.js';
import { formatServeEvent } from '../../../src/render/serve-log.js';
import { displayWidth, stripAnsi } from '../../../src/render/width.js';
import { LiveApp } from '../../../src/ui/driver/LiveApp.js';
import { createTheme } from '../../../src/ui/theme.js';
import type { CaptureSnapshot } from '../../../src/ui/views/capture/state.js';
import { captureView } from '../../../src/ui/views/capture/view.js';
import type { ServeSnapshot } from '../../../src/ui/views/serve/state.js';
import { serveView } from '../../../src/ui/views/serve/view.js';
import { WatchApp } from '../../../src/ui/WatchApp.js';
import { snapshot, watchRow } from '../../helpers/watch-rows.js';

const sizes = [
  [80, 24],
  [100, 30],
  [160, 45],
  [60, 15],
] as const;

const eventually = (assertions: () => void) => vi.waitFor(assertions, { timeout: 3000, interval: 10 });
const plain = (frame: string | undefined) => stripAnsi(frame ?? '').replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS');

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Renders `element` on a terminal of columns × rows and returns the frame once `ready` shows in it. */
async function frameAt(element: ReactElement, columns: number, rows: number, ready: string): Promise<string> {
  const app = render(element);
  unmount = app.unmount;
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  // Every frame drawn after the resize has the new size.
  const before = app.frames.length;
  app.stdout.emit('resize');
  await eventually(() => expect(app.frames.length).toBeGreaterThan(before));
  await eventually(() => expect(plain(app.lastFrame())).toContain(ready));
  // The resize has been drawn once the footer fits the new width.
  await eventually(() => expect(plain(app.lastFrame()).split('\n').every((line) => displayWidth(line) <= columns)).toBe(true));
  return plain(app.lastFrame());
}

const sockets = [
  watchRow({ localAddress: '192.168.100.200', localPort: 54321, remoteAddress: '203.0.113.250', remotePort: 443, pid: 23817, program: 'firefox-esr', rxRate: 31.7 * 1024, txRate: 912, recvQ: 31670 }),
  watchRow({ localAddress: '192.168.100.200', localPort: 22, remoteAddress: '198.51.100.7', remotePort: 51000, pid: 1021, program: 'sshd', rxRate: 0, txRate: 0 }),
  watchRow({ proto: 'tcp6', localAddress: '2001:db8::1234:5678', localPort: 8443, remoteAddress: '2001:db8:ffff::42', remotePort: 61044, pid: 4410, program: 'nginx', state: 'CLOSE_WAIT' }),
  watchRow({ localAddress: '127.0.0.1', localPort: 5432, remoteAddress: '127.0.0.1', remotePort: 40110, pid: 880, program: 'postgres', sendQ: 1_234_567 }),
  watchRow({ proto: 'udp', localAddress: '10.0.0.5', localPort: 68, remoteAddress: '10.0.0.1', remotePort: 67, pid: 610, program: 'dhclient' }),
];

describe('netstat --watch at every size (snapshot frames)', () => {
  it.each(sizes)('%i×%i', async (columns, rows) => {
    const feed = { next: async () => snapshot(sockets) };
    const frame = await frameAt(<WatchApp feed={feed} intervalMs={60_000} host="testhost" theme={createTheme(false)} />, columns, rows, ':54321');
    if (process.env.SHOW_FRAMES) console.log(frame);
    expect(frame.split('\n').length).toBeLessThan(rows);
    // The ends, the state and the owner are whole wherever a row is drawn.
    if (columns >= 80) for (const text of ['192.168.100.200:54321', '203.0.113.250:443', '[2001:db8::1234:5678]:8443', '[2001:db8:ffff::42]:61044', 'CLOSE_WAIT']) expect(frame).toContain(text);
    if (columns >= 100) expect(frame).toContain('23817/firefox-esr');
    expect(frame).toMatchSnapshot();
  });

  it('at 60 columns the owner gives way so that IPv4 ends and states stay whole', async () => {
    const feed = { next: async () => snapshot(sockets.filter((row) => row.connection.proto !== 'tcp6')) };
    const frame = await frameAt(<WatchApp feed={feed} intervalMs={60_000} host="testhost" theme={createTheme(false)} />, 60, 15, ':54321');
    for (const text of ['192.168.100.200:54321', '203.0.113.250:443', '198.51.100.7:51000', 'ESTABLISHED']) expect(frame).toContain(text);
    expect(frame).not.toContain('PID/Program');
  });

  it.each(sizes)('help at %i×%i fits, cut at no word', async (columns, rows) => {
    const feed = { next: async () => snapshot(sockets) };
    const app = render(<WatchApp feed={feed} intervalMs={60_000} host="testhost" theme={createTheme(false)} />);
    unmount = app.unmount;
    Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
    const before = app.frames.length;
    app.stdout.emit('resize');
    await eventually(() => expect(app.frames.length).toBeGreaterThan(before));
    await eventually(() => expect(plain(app.lastFrame())).toContain(':54321'));
    app.stdin.write('?');
    await eventually(() => expect(plain(app.lastFrame())).toContain('Keys'));
    const frame = plain(app.lastFrame());
    for (const line of frame.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
    if (process.env.SHOW_FRAMES) console.log(frame);
    const help = frame.split('\n').slice(3, -1).join('\n');
    expect(help).not.toMatch(/\w…/);
    expect(frame.split('\n').at(-1)).not.toMatch(/\w…/);
    expect(frame).toMatchSnapshot();
  });
});

const clients: ClientSnapshot[] = [
  { id: 1, client: '127.0.0.1:53422', sinceMs: 0, bytesIn: 2048, bytesOut: 2048 },
  { id: 2, client: '[2001:db8::1234:5678]:40001', sinceMs: 30_000, bytesIn: 31_670_000, bytesOut: 120 },
  { id: 3, client: '192.168.100.200:61001', sinceMs: 59_000, bytesIn: 0, bytesOut: 0 },
];

function serveFeed(): { next: () => Promise<ServeSnapshot> } {
  const events: ServeEvent[][] = [
    [
      { type: 'listening', service: 'echo', transport: 'tcp', address: '[::]:7007' },
      { type: 'connection', id: 1, client: '127.0.0.1:53422' },
      { type: 'connection', id: 2, client: '[2001:db8::1234:5678]:40001' },
      { type: 'connection', id: 3, client: '192.168.100.200:61001' },
      { type: 'connection', id: 4, client: '127.0.0.1:53500' },
    ],
    [
      { type: 'closed', id: 4, client: '127.0.0.1:53500', bytesIn: 10, bytesOut: 10, durationMs: 1200, reason: 'idle for 300 s' },
      { type: 'refused', client: '[::1]:4000', reason: 'not in --allow' },
    ],
  ];
  let calls = 0;
  return {
    next: async () => {
      const call = calls++;
      // Two refreshes, then none: the frame holds still for its snapshot.
      if (call > 1) return new Promise<ServeSnapshot>(() => undefined);
      const step = call;
      return { time: 60_000 + step * 1000, events: events[call] ?? [], clients: call === 0 ? [...clients, { id: 4, client: '127.0.0.1:53500', sinceMs: 58_800, bytesIn: 10, bytesOut: 10 }] : clients, bytesIn: 31_672_058 + step * 4096, bytesOut: 2178 + step * 1024 };
    },
  };
}

describe('serve --tui at every size (snapshot frames)', () => {
  it.each(sizes)('%i×%i', async (columns, rows) => {
    const app = <LiveApp view={serveView('echo', formatServeEvent)} feed={serveFeed()} intervalMs={20} theme={createTheme(false)} />;
    const frame = await frameAt(app, columns, rows, ' ago ');
    if (process.env.SHOW_FRAMES) console.log(frame);
    expect(frame.split('\n').length).toBeLessThan(rows);
    expect(frame).toContain('[2001:db8::1234:5678]:40001');
    expect(frame).toMatchSnapshot();
  });

  it('aligns the header with no clients', async () => {
    const feed = { next: async (): Promise<ServeSnapshot> => ({ time: 0, events: [{ type: 'listening', service: 'echo', transport: 'tcp', address: '[::]:7' }], clients: [], bytesIn: 0, bytesOut: 0 }) };
    const frame = await frameAt(<LiveApp view={serveView('echo', formatServeEvent)} feed={feed} intervalMs={60_000} theme={createTheme(false)} />, 80, 24, 'no clients');
    expect(frame).toMatch(/^client +▲since +in +out +rate in +rate out$/m);
  });
});

const flow = (proto: string, local: string, remote: string, program: string | null, pid: number | null, upRate: number, downRate: number, upBytes: number, downBytes: number): FlowRow => ({
  proto,
  local,
  remote,
  pid,
  program,
  process: program !== null || pid !== null ? `${program ?? '?'} (${pid ?? '?'})` : 'unknown',
  upRate,
  downRate,
  upBytes,
  downBytes,
  packets: 10,
});

const flows: FlowRow[] = [
  flow('tcp', '192.168.100.200:54321', '203.0.113.250:443', 'firefox-esr', 23817, 912, 31.7 * 1024, 40_000, 3_200_000),
  flow('tcp', '[2001:db8::1234:5678]:8443', '[2001:db8:ffff::42]:61044', 'nginx', 4410, 120_000, 2000, 9_000_000, 150_000),
  flow('udp', '10.0.0.5:68', '10.0.0.1:67', null, null, 0, 300, 0, 600),
  flow('tcp', '192.168.100.200:54400', '203.0.113.250:443', 'firefox-esr', 23817, 100, 5000, 2000, 90_000),
];

describe('capture --watch at 80×24 and 60×15 (snapshot frames)', () => {
  const captureFeed = () => ({ next: async (): Promise<CaptureSnapshot> => ({ time: 0, flows, overflow: 0 }) });

  it.each([
    [80, 24],
    [60, 15],
  ] as const)('%i×%i', async (columns, rows) => {
    const app = <LiveApp view={captureView('any')} feed={captureFeed()} intervalMs={60_000} theme={createTheme(false)} />;
    const frame = await frameAt(app, columns, rows, '203.0.113.250:443');
    if (process.env.SHOW_FRAMES) console.log(frame);
    expect(frame.split('\n').length).toBeLessThan(rows);
    // Sorted by rate: nginx's 120 KiB/s up comes before firefox's 31.7 KiB/s down.
    expect(frame.indexOf('[2001:db8:ffff::42]:61044')).toBeLessThan(frame.indexOf('203.0.113.250:443'));
    expect(frame).toMatch(/117 KiB\/s 2\.0 KiB\/s\n.*912 B\/s  32 KiB\/s\n/);
    expect(frame).toContain('4 flows');
    expect(frame).toMatchSnapshot();
  });

  it('g groups by process, then by remote host; / filters', async () => {
    const app = render(<LiveApp view={captureView('any')} feed={captureFeed()} intervalMs={60_000} theme={createTheme(false)} />);
    unmount = app.unmount;
    await eventually(() => expect(plain(app.lastFrame())).toContain('203.0.113.250:443'));
    app.stdin.write('g');
    await eventually(() => expect(plain(app.lastFrame())).toContain('by process'));
    expect(plain(app.lastFrame())).toMatch(/2 flows +203\.0\.113\.250 +firefox-esr \(23817\)/);
    app.stdin.write('g');
    await eventually(() => expect(plain(app.lastFrame())).toContain('by remote host'));
    expect(plain(app.lastFrame())).toMatch(/2 flows +203\.0\.113\.250 +firefox-esr \(23817\)/);
    expect(plain(app.lastFrame())).toMatch(/1 flow +2001:db8:ffff::42 +nginx \(4410\)/);
    app.stdin.write('g');
    await eventually(() => expect(plain(app.lastFrame())).not.toContain('by remote host'));
    app.stdin.write('/');
    await eventually(() => expect(plain(app.lastFrame())).toContain('/'));
    app.stdin.write('udp');
    await eventually(() => expect(plain(app.lastFrame())).not.toContain('203.0.113.250'));
    expect(plain(app.lastFrame())).toContain('10.0.0.1:67');
  });
});
