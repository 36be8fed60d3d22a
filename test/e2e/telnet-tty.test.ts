import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { binPath } from '../helpers/run-cli.js';
import { freePort, startPeer, waitForPort } from '../helpers/stream-peers.js';
import { startTmux, type TmuxPane } from '../helpers/tmux.js';

let echo: Server;
let port = 0;
const panes: TmuxPane[] = [];
const nettool = (args: string) => {
  const pane = startTmux(`NO_COLOR=1 ${process.execPath} ${binPath} ${args}`);
  panes.push(pane);
  return pane;
};

beforeAll(async () => {
  echo = createServer({ allowHalfOpen: false }, (socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  port = (echo.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));
afterEach(() => {
  for (const pane of panes.splice(0)) pane.kill();
});

describe('nettool telnet at a terminal (tmux)', () => {
  it('edits a line locally, sends it on Enter, and the Ctrl-] prompt can show status and quit', async () => {
    const pane = nettool(`telnet --raw 127.0.0.1 ${port}`);
    await pane.waitFor(/Escape character is '\^]'\./);
    pane.keys('helo', 'BSpace', 'lo wrld', 'C-w', 'world', 'Enter');
    // Our local echo, then the server's echo of the whole line.
    await pane.waitFor(/^hello world\n^hello world$/m);
    pane.keys('C-]');
    await pane.waitFor(/^nettool> $/m);
    pane.keys('status', 'Enter');
    await pane.waitFor(/^Connected to 127\.0\.0\.1:\d+ \(raw\); 12 bytes in, 12 bytes out$/m);
    pane.keys('quit', 'Enter');
    const screen = await pane.waitFor(/EXIT=\d+\n-?icanon /);
    expect(screen).toMatch(/Connection closed\.\nEXIT=0\n/);
    expect(screen).toMatch(/^icanon $/m);
  });

  it('Enter on an empty prompt resumes; send TEXT goes out with escapes', async () => {
    const pane = nettool(`telnet --raw 127.0.0.1 ${port}`);
    await pane.waitFor(/Escape character/);
    pane.keys('C-]');
    await pane.waitFor(/nettool> $/m);
    pane.keys('send ping\\r\\n', 'Enter');
    await pane.waitFor(/^ping$/m);
    pane.keys('after', 'Enter');
    await pane.waitFor(/^after\n^after$/m);
    pane.keys('C-]');
    pane.keys('close', 'Enter');
    expect(await pane.waitFor(/EXIT=\d+\n-?icanon /)).toMatch(/EXIT=0/);
  });

  it('Ctrl-D on an empty line ends input: the peer closes and we exit 0', async () => {
    const pane = nettool(`telnet --raw 127.0.0.1 ${port}`);
    await pane.waitFor(/Escape character/);
    pane.keys('C-d');
    const screen = await pane.waitFor(/EXIT=\d+\n-?icanon /);
    expect(screen).toMatch(/Connection closed by foreign host\.\nEXIT=0/);
    expect(screen).toMatch(/^icanon $/m);
  });

  it('Ctrl-C quits --raw with 130 and restores the terminal', async () => {
    const pane = nettool(`telnet --raw 127.0.0.1 ${port}`);
    await pane.waitFor(/Escape character/);
    pane.keys('half a line', 'C-c');
    const screen = await pane.waitFor(/EXIT=\d+\n-?icanon /);
    expect(screen).toMatch(/nettool: interrupted\nEXIT=130/);
    expect(screen).toMatch(/^icanon $/m);
  });
});

describe('nettool telnet (protocol on) at a terminal, line mode', () => {
  it('sends a line as CR LF, and Ctrl-C sends Interrupt Process without quitting', async () => {
    let seen = Buffer.alloc(0);
    const recorder = createServer((socket) => {
      socket.on('data', (chunk) => {
        seen = Buffer.concat([seen, chunk]);
        socket.write(chunk.filter((byte) => byte !== 0xff && byte !== 0xf4));
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    try {
      const pane = nettool(`telnet 127.0.0.1 ${(recorder.address() as { port: number }).port}`);
      await pane.waitFor(/Escape character/);
      pane.keys('one', 'Enter');
      await pane.waitFor(/^one\n^one$/m);
      pane.keys('C-c');
      await pane.waitFor(/sent Interrupt Process; Ctrl-\] then quit to leave/);
      pane.keys('two', 'Enter');
      await pane.waitFor(/^two\n^two$/m);
      expect(seen.toString('latin1')).toBe('one\r\n\xff\xf4two\r\n');
      pane.keys('C-]');
      await pane.waitFor(/nettool> $/m);
      pane.keys('quit', 'Enter');
      expect(await pane.waitFor(/EXIT=\d+\n-?icanon /)).toMatch(/EXIT=0\n^icanon $/m);
    } finally {
      recorder.close();
    }
  });
});

describe('nettool telnet at a terminal against busybox telnetd (character mode)', () => {
  let telnetd: ReturnType<typeof startPeer>;
  let telnetPort = 0;
  beforeAll(async () => {
    telnetPort = await freePort();
    telnetd = startPeer(requirePeer('busybox', 'busybox-static'), ['telnetd', '-F', '-b', `127.0.0.1:${telnetPort}`, '-l', '/bin/cat']);
    await waitForPort(telnetPort);
  });
  afterAll(() => telnetd.stop());

  it('lets the server echo (no doubled keys) and Ctrl-C reaches the remote program', async () => {
    const pane = nettool(`telnet 127.0.0.1 ${telnetPort}`);
    await pane.waitFor(/Escape character/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    pane.keys('abc', 'Enter');
    // The remote pty echoes "abc" once and cat repeats it: exactly two lines, never "aabbcc".
    const screen = await pane.waitFor(/^abc\n^abc$/m);
    expect(screen).not.toMatch(/aabbcc/);
    pane.keys('C-]');
    await pane.waitFor(/nettool> $/m);
    pane.keys('status', 'Enter');
    await pane.waitFor(/\(telnet, character mode\)/);
    pane.keys('Enter');
    // Ctrl-C in character mode goes to the server's pty, which interrupts cat: the session ends.
    pane.keys('C-c');
    const end = await pane.waitFor(/EXIT=\d+\n-?icanon /);
    expect(end).toMatch(/Connection closed by foreign host\.\nEXIT=0/);
    expect(end).toMatch(/^icanon $/m);
  });
});

describe('nettool listen at a terminal (tmux)', () => {
  it('shows what the peer sends, sends typed lines, and quit at the prompt stops -k', async () => {
    const { connect } = await import('node:net');
    const pane = nettool('listen 0 --host 127.0.0.1 -k');
    const [, port] = /Listening on 127\.0\.0\.1:(\d+)/.exec(await pane.waitFor(/Listening on 127\.0\.0\.1:\d+/))!;
    const client = connect(Number(port), '127.0.0.1');
    let received = '';
    client.on('data', (chunk) => (received += chunk.toString()));
    client.write('hello from the peer\n');
    await pane.waitFor(/^hello from the peer$/m);
    pane.keys('typed reply', 'Enter');
    const deadline = Date.now() + 10_000;
    while (!received.includes('typed reply\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe('typed reply\n');
    pane.keys('C-]');
    await pane.waitFor(/nettool> $/m);
    pane.keys('quit', 'Enter');
    const screen = await pane.waitFor(/EXIT=\d+\n-?icanon /);
    expect(screen).toMatch(/EXIT=0/);
    expect(screen).toMatch(/^icanon $/m);
    client.destroy();
  });
});
