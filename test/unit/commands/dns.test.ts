import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { runDns, type DnsDependencies } from '../../../src/commands/dns.js';
import { InterruptedError, NetworkError } from '../../../src/errors.js';
import { plainPalette } from '../../../src/render/palette.js';
import { fakeIo } from '../../helpers/fake-io.js';

function context(signal?: AbortSignal): CommandContext {
  const io = fakeIo({ ...(signal ? { signal } : {}) });
  return { io, json: false, quiet: false, palette: plainPalette, status: (line) => io.stderr.write(`${line}\n`) };
}

/** getaddrinfo stuck on a silent resolver: it never answers and cannot be cancelled. */
const stuckResolver: DnsDependencies = {
  resolvConfServers: () => [],
  lookupSystem: () => new Promise(() => {}),
};

const options = { timeout: '0.2', retries: '1', recurse: true, system: true };

describe('nettool dns --system', () => {
  it('gives up after --timeout × --retries when the system resolver does not answer', async () => {
    const started = Date.now();
    await expect(runDns(context(), ['stuck.test'], options, stuckResolver)).rejects.toThrow(
      new NetworkError('the system resolver gave no answer for stuck.test within 200 ms'),
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops on the abort signal (Ctrl-C) while the system resolver is stuck', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 50);
    await expect(runDns(context(controller.signal), ['stuck.test'], { ...options, timeout: '30' }, stuckResolver)).rejects.toBeInstanceOf(InterruptedError);
  });

  it('prints what the system resolver answers', async () => {
    const ctx = context();
    const answers: DnsDependencies = {
      resolvConfServers: () => [],
      lookupSystem: async () => ({ status: 'NOERROR', addresses: ['127.0.0.1'], timeMs: 1 }),
    };
    expect(await runDns(ctx, ['host.test'], { ...options, short: true }, answers)).toBe(0);
    expect((ctx.io as ReturnType<typeof fakeIo>).stdoutText()).toBe('127.0.0.1\n');
  });
});
