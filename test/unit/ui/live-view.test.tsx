import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../../src/io.js';
import { runLiveView } from '../../../src/ui/live-view.js';
import { createTheme } from '../../../src/ui/theme.js';
import { snapshot, watchRow } from '../../helpers/watch-rows.js';

/** A terminal of 100x20 on both ends: what Ink is given, and everything it wrote. */
function fakeTerminal(signal: AbortSignal) {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 20 });
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  let written = '';
  stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const io: Io = { stdin, stdout, stderr: new PassThrough(), env: {}, now: Date.now, signal };
  return { io, stdin, written: () => written };
}

const enter = '\u001b[?1049h';
const leave = '\u001b[?1049l';

describe('runLiveView', () => {
  it('restores the terminal when the feed fails, and passes the error on', async () => {
    const terminal = fakeTerminal(new AbortController().signal);
    let calls = 0;
    const feed = {
      next: async () => {
        if (calls++ > 0) throw new Error('cannot read /proc/net/tcp');
        return snapshot([watchRow()]);
      },
    };
    await expect(runLiveView(terminal.io, { feed, intervalMs: 20, host: 'h', theme: createTheme(false) })).rejects.toThrow('cannot read /proc/net/tcp');
    expect(terminal.written().startsWith(enter)).toBe(true);
    expect(terminal.written()).toContain('127.0.0.1:40000');
    expect(terminal.written().endsWith(leave)).toBe(true);
  });

  it('ends on the abort signal (SIGINT, SIGTERM) and restores the terminal', async () => {
    const controller = new AbortController();
    const terminal = fakeTerminal(controller.signal);
    const feed = { next: async () => snapshot([watchRow()]) };
    const done = runLiveView(terminal.io, { feed, intervalMs: 20, host: 'h', theme: createTheme(false) });
    setTimeout(() => controller.abort('SIGTERM'), 100);
    await expect(done).resolves.toBeUndefined();
    expect(terminal.written().endsWith(leave)).toBe(true);
  });

  it('ends on q', async () => {
    const terminal = fakeTerminal(new AbortController().signal);
    const feed = { next: async () => snapshot([watchRow()]) };
    const done = runLiveView(terminal.io, { feed, intervalMs: 20, host: 'h', theme: createTheme(false) });
    setTimeout(() => terminal.stdin.write('q'), 100);
    await expect(done).resolves.toBeUndefined();
    expect(terminal.written().endsWith(leave)).toBe(true);
  });
});
