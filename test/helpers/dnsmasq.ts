/** A real dnsmasq on a free loopback port, answering only from the records given: no upstream, nothing leaves the host. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { requirePeer } from './peers.js';

export interface Dnsmasq {
  readonly port: number;
  stop(): Promise<void>;
}

/** A port free for both UDP and TCP right now (dnsmasq serves both on one port). */
export async function freeDualPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = createServer();
    const port = await new Promise<number>((resolve) => tcp.listen(0, '127.0.0.1', () => resolve((tcp.address() as { port: number }).port)));
    const udp = createSocket('udp4');
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (free) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
    udp.close();
  }
  throw new Error('no loopback port free for both UDP and TCP');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts dnsmasq with `records` (its own options: --host-record, --txt-record, --dns-rr ...) on a fresh port. */
export async function startDnsmasq(records: readonly string[]): Promise<Dnsmasq> {
  const program = requirePeer('dnsmasq', 'dnsmasq-base');
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeDualPort();
    const args = [
      '--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts',
      '--conf-file=/dev/null', '--pid-file=', '--log-facility=-',
      // Run as root, dnsmasq would switch to the 'nobody' user; staying put avoids depending on that account.
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ...records,
    ];
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        if (/started, version/.test(log)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (started) return { port, stop: () => stopChild(child) };
    lastLog = log;
    await stopChild(child);
  }
  throw new Error(`dnsmasq did not start: ${lastLog}`);
}
