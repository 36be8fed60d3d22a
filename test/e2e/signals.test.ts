/** Which commands are servers (SIGINT and SIGTERM are their normal end: exit 0) and which are one-shot (130/143). */
import { describe, expect, it } from 'vitest';
import { startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

const servers = [
  ['serve', 'echo', '0', '--host', '127.0.0.1'],
  ['udp', 'listen', '127.0.0.1:0'],
  ['listen', '-k', '127.0.0.1:0'],
  ['listen', '-u', '127.0.0.1:0'],
];
const oneShot = [['listen', '127.0.0.1:0']];

async function stopWith(args: readonly string[], signal: NodeJS.Signals): Promise<number | null> {
  const child = startCli(args);
  const exited = waitForExit(child);
  await waitForOutput(child.stderr!, /^(Listening|Serving) /m);
  child.kill(signal);
  return (await exited).code;
}

describe('signals: servers end with 0, one-shot commands with 130/143', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it.each(servers)(`${signal} stops %s %s cleanly with exit 0`, async (...args) => {
      expect(await stopWith(args, signal)).toBe(0);
    });
    it.each(oneShot)(`${signal} interrupts %s (one-shot) with ${signal === 'SIGINT' ? 130 : 143}`, async (...args) => {
      expect(await stopWith(args, signal)).toBe(signal === 'SIGINT' ? 130 : 143);
    });
  }
});
