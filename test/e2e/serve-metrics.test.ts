import { execFileSync, spawnSync } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';
import { startServe, type RunningServe } from '../helpers/serve.js';

/** A listener of the test's own with a held set of connections: the known port whose counts are checked. */
let listener: Server;
let port: number;
const held: Socket[] = [];
const accepted: Socket[] = [];
let exporter: RunningServe;

beforeAll(async () => {
  requirePeer('promtool', 'prometheus');
  requirePeer('ss', 'iproute2');
  listener = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  for (let i = 0; i < 7; i++) {
    const socket = createConnection(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    held.push(socket);
  }
  while (accepted.length < held.length) await new Promise((resolve) => setTimeout(resolve, 10));
  exporter = await startServe(['metrics', '--host', '127.0.0.1', '--processes']);
});

afterAll(async () => {
  for (const socket of [...held, ...accepted]) socket.destroy();
  listener?.close();
  await exporter?.stop();
});

const scrape = async (path = '/metrics') => (await fetch(`http://127.0.0.1:${exporter.port}${path}`)).text();
const sample = (text: string, line: RegExp) => Number(line.exec(text)?.[1]);

describe('nettool serve metrics against promtool and ss', () => {
  it('is valid under promtool check metrics', async () => {
    const text = await scrape();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('counts the held connections on the known port as ss does', async () => {
    const text = await scrape();
    const established = sample(text, new RegExp(`^nettool_listener_connections\\{port="${port}",state="ESTABLISHED"\\} (\\d+)$`, 'm'));
    const ssLines = execFileSync('ss', ['-Htn', 'state', 'established', 'sport', '=', `:${port}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(established).toBe(7);
    expect(established).toBe(ssLines.length);
    expect(text).toMatch(new RegExp(`^nettool_listener_up\\{port="${port}"\\} 1$`, 'm'));
    expect(text).toMatch(new RegExp(`^nettool_listener_accept_queue\\{port="${port}"\\} 0$`, 'm'));
  });

  it('reads the backlog and the RTT of the known port from tcp_info (netlink), as ss does', async () => {
    const text = await scrape();
    const [, recvQ, sendQ] = /^LISTEN\s+(\d+)\s+(\d+)/m.exec(execFileSync('ss', ['-Hltn', 'sport', '=', `:${port}`], { encoding: 'utf8' }))!;
    expect(text).toMatch(new RegExp(`^nettool_listener_backlog\\{port="${port}"\\} ${sendQ}$`, 'm'));
    expect(text).toMatch(new RegExp(`^nettool_listener_accept_queue\\{port="${port}"\\} ${recvQ}$`, 'm'));
    expect(sample(text, new RegExp(`^nettool_listener_rtt_seconds_count\\{port="${port}"\\} (\\d+)$`, 'm'))).toBe(7);
    const median = sample(text, new RegExp(`^nettool_listener_rtt_seconds\\{port="${port}",quantile="0.5"\\} (\\S+)$`, 'm'));
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThan(1);
  });

  it('names the programs holding sockets with --processes', async () => {
    const text = await scrape();
    // This test's own process (node, or vitest's worker name) holds the listener and 14 connection ends.
    const programs = [...text.matchAll(/^nettool_process_sockets\{program="([^"]+)",proto="tcp"\} (\d+)$/gm)];
    expect(programs.length).toBeGreaterThan(0);
    expect(programs.reduce((sum, match) => sum + Number(match[2]), 0)).toBeGreaterThanOrEqual(15);
  });

  it('reads afresh on every scrape: a closed connection leaves ESTABLISHED', async () => {
    held.pop()!.destroy();
    accepted.pop()!.destroy();
    for (let i = 0; i < 100; i++) {
      const text = await scrape();
      const established = sample(text, new RegExp(`^nettool_listener_connections\\{port="${port}",state="ESTABLISHED"\\} (\\d+)$`, 'm'));
      if (established === 6) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the closed connection was still counted after 100 scrapes');
  });

  it('logs each scrape as an HTTP request and says what is where on other paths', async () => {
    expect(await scrape('/')).toContain('href="/metrics"');
    const response = await fetch(`http://127.0.0.1:${exporter.port}/nope`);
    expect(response.status).toBe(404);
    expect(exporter.stderr()).toMatch(/GET \/metrics/);
  });
});

describe('nettool serve metrics: bad input', () => {
  it.each([
    [['serve', 'metrics', '0', '--ports', '80-22'], /bad port range '80-22'/],
    [['serve', 'metrics', '0', '--ports', '1-5000'], /names 5000 ports; the exporter takes at most 1024/],
    [['serve', 'echo', '0', '--processes'], /--processes is for the metrics service/],
    [['serve', 'echo', '0', '--ports', '22'], /--ports is for the metrics service/],
    [['serve', 'metrics', '0', '--udp'], /metrics has no UDP form/],
  ])('%j', async (args, message) => {
    const { runCli } = await import('../helpers/run-cli.js');
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
