import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { parseInterval, runNetstatWatch, type NetstatWatchDependencies, type NetstatWatchOptions } from '../../../src/commands/netstat-watch.js';
import { UsageError } from '../../../src/errors.js';
import { plainPalette } from '../../../src/render/palette.js';
import { createProcConnectionSource } from '../../../src/sources/connections.js';
import { fakeIo } from '../../helpers/fake-io.js';

const procRoot = fileURLToPath(new URL('../../fixtures/proc', import.meta.url));

/** Runs the non-terminal path against the fixture /proc until `stopAfterMs`, like a SIGTERM would. */
async function watch(options: NetstatWatchOptions, { json = false, stopAfterMs = 250 } = {}) {
  const controller = new AbortController();
  const io = fakeIo({ signal: controller.signal });
  const context: CommandContext = { io, json, quiet: false, palette: plainPalette, status: (line) => io.stderr.write(`${line}\n`) };
  const deps: NetstatWatchDependencies = {
    source: () => createProcConnectionSource({ procRoot, littleEndian: true }),
    tcpCounters: async () => {
      throw new Error('the non-terminal path must not run ss');
    },
    interfaceCounters: () => new Map(),
    host: () => 'testhost',
    hostNames: async () => (address) => (address === 'fe80::1' ? 'link.test' : undefined),
  };
  const timer = setTimeout(() => controller.abort('SIGTERM'), stopAfterMs);
  const started = Date.now();
  try {
    await runNetstatWatch(context, { state: [], port: [], watch: true, interval: '0.1', ...options }, deps);
  } finally {
    clearTimeout(timer);
  }
  return { stdout: io.stdoutText(), stderr: io.stderrText(), elapsed: Date.now() - started };
}

describe('parseInterval', () => {
  it.each([
    [undefined, 1000],
    ['1', 1000],
    ['0.5', 500],
    ['2.25', 2250],
    ['0.1', 100],
  ])('%j → %i ms', (text, ms) => {
    expect(parseInterval(text)).toBe(ms);
  });

  it.each(['0', '0.05', '-1', 'abc', '', ' ', '1s', 'Infinity', 'NaN', '100000'])('rejects %j', (text) => {
    expect(() => parseInterval(text)).toThrow(UsageError);
    expect(() => parseInterval(text)).toThrow(/--interval/);
  });
});

describe('netstat --watch without a terminal', () => {
  it('writes one JSON line per interval, {time, connections}, and stops on the signal', async () => {
    const { stdout, elapsed } = await watch({ tcp: true }, { json: true });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(elapsed).toBeLessThan(1000);
    for (const line of lines) {
      const record = JSON.parse(line) as { time: string; connections: { proto: string; state: string }[] };
      expect(Object.keys(record)).toEqual(['time', 'connections']);
      expect(new Date(record.time).toISOString()).toBe(record.time);
      expect(record.connections.length).toBeGreaterThan(0);
      expect(record.connections.every((c) => c.proto.startsWith('tcp') && c.state !== 'LISTEN')).toBe(true);
    }
  });

  it('writes the one-shot table after a time line, again every interval', async () => {
    const { stdout } = await watch({ tcp: true, listening: true, numeric: true });
    const blocks = stdout.split(/^# /m).filter(Boolean);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) {
      expect(block).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\nProto  Recv-Q  Send-Q  Local Address/);
      expect(block).toContain('LISTEN');
    }
  });

  it('--resolve shows the names the background look-ups have found, never waiting for them', async () => {
    const { stdout } = await watch({ tcp: true, listening: true, numeric: true, resolve: true });
    expect(stdout).toMatch(/^tcp6 .* link\.test:53 /m);
  });

  it.each([
    [{ interfaces: true }, /--interfaces without --watch/],
    [{ listening: true, all: true }, /contradict/],
    [{ interval: '0' }, /bad --interval '0'/],
    [{ state: ['sleepy'] }, /state/],
  ] as const)('%j is a usage error', async (options, message) => {
    const error = await watch(options as NetstatWatchOptions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });
});
