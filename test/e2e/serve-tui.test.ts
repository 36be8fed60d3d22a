import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath } from '../helpers/run-cli.js';
import { python, startServe } from '../helpers/serve.js';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('nettool serve --tui', () => {
  it('draws connected clients on a terminal (tmux) and stops on Ctrl-C with the summary', async () => {
    const tmux = requirePeer('tmux', 'tmux');
    const socketName = `nettool-serve-tui-${process.pid}`;
    const port = await freePort();
    const tmuxCommand = (...args: string[]) => execFileSync(tmux, ['-L', socketName, ...args], { encoding: 'utf8' });
    // Under CI=true Ink draws only the last frame; the pane must see it draw live, as a person would.
    tmuxCommand('new-session', '-d', '-s', 'serve', '-x', '100', '-y', '20', `CI=false NO_COLOR=1 ${process.execPath} ${binPath} serve echo ${port} --host 127.0.0.1 --tui; echo EXIT=$?; sleep 10`);
    try {
      let screen = '';
      for (let i = 0; i < 50 && !screen.includes('Serving echo'); i++) {
        await sleep(100);
        screen = tmuxCommand('capture-pane', '-p', '-t', 'serve');
      }
      const client = python(
        `
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(b'x' * 3000); n = 0
while n < 3000: n += len(s.recv(4096))
time.sleep(2.5)
`,
        [port],
      );
      for (let i = 0; i < 30 && !/127\.0\.0\.1:\d+ .*2\.9 KiB/.test(screen); i++) {
        await sleep(100);
        screen = tmuxCommand('capture-pane', '-p', '-t', 'serve');
      }
      expect(screen).toMatch(/^Serving echo on 127\.0\.0\.1:\d+ \(TCP\): 1 connected, 1 total, 0 refused$/m);
      expect(screen).toMatch(/^client +▲since +in +out +rate in +rate out$/m);
      expect(screen).toMatch(/^127\.0\.0\.1:\d+ +[\d.]+ (ms|s) +2\.9 KiB +2\.9 KiB +\S+ \S+\/s +\S+ \S+\/s$/m);
      tmuxCommand('send-keys', '-t', 'serve', 'C-c');
      for (let i = 0; i < 30 && !screen.includes('EXIT='); i++) {
        await sleep(100);
        screen = tmuxCommand('capture-pane', '-p', '-t', 'serve');
      }
      expect(screen).toMatch(/^\^?C?Stopped echo after .*: 1 connection; 2\.9 KiB in, 2\.9 KiB out$/m);
      expect(screen).toContain('EXIT=0');
      await client;
    } finally {
      tmuxCommand('kill-server');
    }
  });

  it('off a terminal, --tui falls back to the log', async () => {
    const server = await startServe(['hello', '--tui']);
    const result = await server.stop();
    expect(result.stderr).toMatch(/^--tui needs a terminal; logging instead$/m);
    expect(result.stderr).toMatch(/^Serving hello on/m);
  });
});
