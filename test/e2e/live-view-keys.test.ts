import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLabel, type KeyName, type KeyTable } from '../../src/ui/driver/bindings.js';
import { netstatKeys } from '../../src/ui/views/netstat/keys.js';
import { serveKeys } from '../../src/ui/views/serve/keys.js';
import { binPath } from '../helpers/run-cli.js';
import { startTmux, type TmuxPane } from '../helpers/tmux.js';

/** tmux's name for a key of the binding tables. */
const tmuxKey: Readonly<Record<string, string>> = { Esc: 'Escape', Enter: 'Enter', Up: 'Up', Down: 'Down', PgUp: 'PPage', PgDn: 'NPage', Home: 'Home', End: 'End', Space: 'Space', 'Ctrl-C': 'C-c' };
const asTmux = (key: KeyName) => tmuxKey[key] ?? key;

/** Every key of a table, each once: what the test must type. */
const everyKey = (table: KeyTable<string>) => new Set(Object.values(table).flatMap((binding) => binding.keys));

/** Types each key and waits for what it should show; crosses the key off. */
function typist(pane: TmuxPane, keys: Set<KeyName>) {
  return async (key: KeyName, shows: RegExp) => {
    pane.keys(asTmux(key));
    keys.delete(key);
    await pane.waitFor(shows);
  };
}

async function holdConnections(server: Server, count: number): Promise<Socket[]> {
  const port = (server.address() as { port: number }).port;
  return Promise.all(
    Array.from({ length: count }, () => new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', reject);
    })),
  );
}

describe('netstat --watch: every key of its help, in an 80x24 terminal (tmux)', () => {
  let server: Server;
  const accepted: Socket[] = [];
  let clients: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // 40 connections: 80 established sockets on loopback, more than one screen.
    clients = await holdConnections(server, 40);
  });

  afterAll(async () => {
    for (const socket of [...clients, ...accepted]) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('scrolls, sorts, filters, toggles, pauses, groups, helps and quits', async () => {
    const port = (server.address() as { port: number }).port;
    // CI=false: under CI=true Ink prints only the last frame.
    const pane = startTmux(`CI=false NO_COLOR=1 '${process.execPath}' '${binPath}' netstat --watch -n --port ${port} --interval 0.3`, { columns: 80, rows: 24 });
    const keys = everyKey(netstatKeys);
    const type = typist(pane, keys);
    try {
      await pane.waitFor(/1-18 of 80 sockets/);
      await type('Down', /2-19 of 80 sockets/);
      await type('k', /1-18 of 80 sockets/);
      await type('j', /2-19 of 80 sockets/);
      await type('Up', /1-18 of 80 sockets/);
      await type('PgDn', /19-36 of 80 sockets/);
      await type('Space', /37-54 of 80 sockets/);
      await type('PgUp', /19-36 of 80 sockets/);
      await type('End', /63-80 of 80 sockets/);
      await type('Home', /1-18 of 80 sockets/);
      await type('s', /Foreign Address▲/);
      await type('r', /Foreign Address▼/);
      await type('t', /^tcp only, /m);
      pane.keys('t');
      await pane.waitFor(/^tcp\+udp, /m);
      await type('u', /no sockets shown[\s\S]*^udp only, /m);
      pane.keys('u');
      await pane.waitFor(/^tcp\+udp, listening hidden/m);
      await type('l', /listening shown/);
      await type('p', /PAUSED/);
      pane.keys('p');
      await pane.waitFor(/^(?![\s\S]*PAUSED)/);
      await type('g', /PID\/Program +[▲▼]Sockets[\s\S]*by process/);
      pane.keys('g');
      await pane.waitFor(/Remote Host +[▲▼]Sockets[\s\S]*by remote host/);
      pane.keys('g');
      await pane.waitFor(/Local Address +Foreign Address▼/);
      await type('?', /Keys — \? or Esc closes this help/);
      const help = pane.screen();
      for (const key of everyKey(netstatKeys)) expect(help).toContain(keyLabel(key));
      await type('Esc', /^(?![\s\S]*Keys —)[\s\S]*Local Address/);
      await type('/', /^\/ +Enter keeps the filter/m);
      pane.keys(String(port), 'Enter');
      await pane.waitFor(new RegExp(`filter "${port}"`));
      pane.keys('Escape');
      await pane.waitFor(/^(?![\s\S]*filter ")[\s\S]*1-18 of 81 sockets|^(?![\s\S]*filter ")[\s\S]*1-18 of 80 sockets/);
      expect([...keys]).toEqual(['q']);
      await type('q', /EXIT=0/);
    } finally {
      pane.kill();
    }
  });
});

describe('serve --tui: every key of its help, in an 80x24 terminal (tmux)', () => {
  it('shows clients, the closed area, and scrolls, sorts, filters, helps and quits with the summary', async () => {
    const pane = startTmux(`CI=false NO_COLOR=1 '${process.execPath}' '${binPath}' serve echo 0 --host 127.0.0.1 --tui`, { columns: 80, rows: 24 });
    const keys = everyKey(serveKeys);
    const type = typist(pane, keys);
    const sockets: Socket[] = [];
    try {
      const [, port] = /Serving echo on 127\.0\.0\.1:(\d+) \(TCP\)/.exec(await pane.waitFor(/Serving echo on 127\.0\.0\.1:\d+ \(TCP\)/))!;
      await pane.waitFor(/^client +▲since +in +out +rate in +rate out$[\s\S]*no clients connected/m);
      for (let i = 0; i < 31; i++) {
        const socket = connect(Number(port), '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        sockets.push(socket);
      }
      const first = sockets[0]!.localPort!;
      sockets[0]!.write('hello\n');
      await pane.waitFor(/31 connected, 31 total/);
      sockets[30]!.destroy();
      await pane.waitFor(/^closed +ago +lasted +in +out +why$[\s\S]*client left/m);
      const page = /1-(\d+) of 30 clients/.exec(await pane.waitFor(/1-\d+ of 30 clients/))![1];
      const size = Number(page);
      await type('Down', new RegExp(`2-${size + 1} of 30 clients`));
      await type('k', new RegExp(`1-${size} of 30 clients`));
      await type('j', new RegExp(`2-${size + 1} of 30 clients`));
      await type('Up', new RegExp(`1-${size} of 30 clients`));
      // A page down stops at the last full page.
      await type('PgDn', new RegExp(`${31 - size}-30 of 30 clients`));
      await type('PgUp', new RegExp(`1-${size} of 30 clients`));
      await type('Space', new RegExp(`${31 - size}-30 of 30 clients`));
      await type('Home', new RegExp(`1-${size} of 30 clients`));
      await type('End', new RegExp(`${31 - size}-30 of 30 clients`));
      await type('s', /client▲/);
      await type('r', /client▼/);
      await type('?', /Keys — \? or Esc closes this help/);
      const help = pane.screen();
      for (const key of everyKey(serveKeys)) expect(help).toContain(keyLabel(key));
      await type('Esc', /^(?![\s\S]*Keys —)[\s\S]*client▼/);
      await type('/', /^\/ +Enter keeps the filter/m);
      pane.keys(`:${first}`, 'Enter');
      await pane.waitFor(new RegExp(`filter ":${first}"[\\s\\S]*127\\.0\\.0\\.1:${first} `));
      expect(pane.screen()).not.toMatch(/of 30 clients/);
      pane.keys('Escape');
      await pane.waitFor(/1-\d+ of 30 clients/);
      expect([...keys]).toEqual(['q']);
      await type('q', /^Stopped echo after .*: 31 connections; 6 B in, 6 B out$[\s\S]*EXIT=0/m);
    } finally {
      for (const socket of sockets) socket.destroy();
      pane.kill();
    }
  });
});

describe('netstat --watch --resolve in a terminal (tmux)', () => {
  it('shows the name /etc/hosts gives 127.0.0.1 once the background look-up is back, and / still finds the address', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const pane = startTmux(`CI=false NO_COLOR=1 '${process.execPath}' '${binPath}' netstat --watch -l -n --resolve --port ${port} --interval 0.3`, { columns: 80, rows: 24 });
    try {
      await pane.waitFor(new RegExp(` localhost:${port} +\\S+ +LISTEN`));
      pane.keys('/', '127.0.0.1', 'Enter');
      await pane.waitFor(new RegExp(`filter "127\\.0\\.0\\.1"[\\s\\S]* localhost:${port} `));
      pane.keys('q');
      await pane.waitFor(/EXIT=0/);
    } finally {
      pane.kill();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
