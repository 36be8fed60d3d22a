import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { binPath, waitForExit, waitForOutput } from '../helpers/run-cli.js';

/**
 * Gigabytes from /dev/zero (a character device: neither file, pipe nor socket) to a peer that
 * reads as fast as it can. Back-pressure means memory stays flat: the peak resident set (VmHWM)
 * after 2 GiB must stay under 100 MB.
 */
const streamBytes = 2 * 1024 ** 3;
const peakLimitKb = 100 * 1024;

/** Starts nettool with stdin opened on `path` (not a pipe from this process). */
function startWithStdin(path: string, args: readonly string[]): ChildProcess {
  const fd = openSync(path, 'r');
  try {
    return spawn(process.execPath, [binPath, ...args], { stdio: [fd, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  } finally {
    closeSync(fd);
  }
}

function peakResidentKb(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for ${pid}`);
  return Number(match[1]);
}

/** Reads the socket as fast as it comes until `total` bytes; then the sender's peak RSS, and closes. */
function drain(socket: Socket, child: ChildProcess, total: number): Promise<{ bytes: number; peakKb: number }> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes < total) return;
      socket.removeAllListeners('data');
      try {
        resolve({ bytes, peakKb: peakResidentKb(child.pid!) });
      } catch (error) {
        reject(error);
      }
      socket.destroy();
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${bytes} bytes`)));
  });
}

describe('stdin from a character device respects back-pressure', () => {
  for (const mode of [['--raw'], []] as const) {
    it(`telnet ${mode.join(' ') || '(telnet protocol)'} < /dev/zero: 2 GiB to a fast reader with peak RSS under 100 MB`, async () => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
      const child = startWithStdin('/dev/zero', ['telnet', ...mode, '--quiet', '127.0.0.1', String((server.address() as AddressInfo).port)]);
      const exited = waitForExit(child, 120_000);
      try {
        const { bytes, peakKb } = await drain(await accepted, child, streamBytes);
        expect(bytes).toBeGreaterThanOrEqual(streamBytes);
        expect(peakKb).toBeLessThan(peakLimitKb);
      } finally {
        child.kill('SIGKILL');
        await exited.catch(() => undefined);
        server.close();
      }
    }, 150_000);
  }

  it('listen < /dev/zero: 2 GiB to a fast reader with peak RSS under 100 MB', async () => {
    const child = startWithStdin('/dev/zero', ['listen', '127.0.0.1:0']);
    const exited = waitForExit(child, 120_000);
    try {
      const [, port] = await waitForOutput(child.stderr!, /Listening on 127\.0\.0\.1:(\d+)/);
      const socket = connect(Number(port), '127.0.0.1');
      const { bytes, peakKb } = await drain(socket, child, streamBytes);
      expect(bytes).toBeGreaterThanOrEqual(streamBytes);
      expect(peakKb).toBeLessThan(peakLimitKb);
    } finally {
      child.kill('SIGKILL');
      await exited.catch(() => undefined);
    }
  }, 150_000);
});
