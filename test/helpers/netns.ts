/** A private network (and mount) namespace for tests that need many loopback addresses or port 53: created with unshare, entered with nsenter, ended by PID. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from './peers.js';

export interface Netns {
  /** The command prefix that runs a program inside (`nsenter --net=... --mount=...`). */
  readonly prefix: readonly string[];
  run(argv: readonly string[]): string;
  stop(): void;
}

/**
 * A namespace with `lo` up and `addresses` on it; `hosts` replaces /etc/hosts inside only (the mount
 * namespace is private), for peers such as dig +trace that look names up through the system.
 */
export async function startNetns(addresses: readonly string[], hosts?: string): Promise<Netns> {
  const unshare = requirePeer('unshare', 'util-linux');
  const nsenter = requirePeer('nsenter', 'util-linux');
  requirePeer('ip', 'iproute2');
  // Bounded: a test run that dies without cleaning up leaves nothing for long.
  const holder: ChildProcess = spawn(unshare, ['-n', '-m', '--propagation', 'private', 'sleep', '900'], { stdio: 'ignore' });
  const ours = readlinkSync('/proc/self/ns/net');
  for (let i = 0; i < 200; i++) {
    try {
      if (readlinkSync(`/proc/${holder.pid}/ns/net`) !== ours) break;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const prefix = [nsenter, `--net=/proc/${holder.pid}/ns/net`, `--mount=/proc/${holder.pid}/ns/mnt`];
  const run = (argv: readonly string[]) => execFileSync(prefix[0]!, [...prefix.slice(1), ...argv], { encoding: 'utf8' });
  run(['ip', 'link', 'set', 'lo', 'up']);
  for (const address of addresses) run(['ip', 'addr', 'add', `${address}/8`, 'dev', 'lo']);
  const hostsFile = join(tmpdir(), `nettool-netns-hosts-${holder.pid}`);
  if (hosts !== undefined) {
    writeFileSync(hostsFile, hosts);
    run(['mount', '--bind', hostsFile, '/etc/hosts']);
  }
  return {
    prefix,
    run,
    stop: () => {
      holder.kill('SIGKILL');
      rmSync(hostsFile, { force: true });
    },
  };
}
