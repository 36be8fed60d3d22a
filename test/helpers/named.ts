/** A real BIND named in the foreground, with config and zones in a temp directory: authoritative only, on addresses and a port the test names. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePeer } from './peers.js';

export interface NamedZone {
  readonly name: string;
  /** The zone file's text (RFC 1035 master format). */
  readonly text: string;
}

export interface Named {
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  /** Rewrites a zone file and has named reload it (SIGHUP), keeping the difference for IXFR. */
  reload(zone: NamedZone): Promise<void>;
  stop(): Promise<void>;
}

export interface NamedOptions {
  readonly zones: readonly NamedZone[];
  readonly port: number;
  readonly address?: string;
  /** The NSID it answers +nsid with. */
  readonly serverId?: string;
  /** Run inside another network namespace: a command prefix (`nsenter --net=/proc/PID/ns/net`). */
  readonly prefix?: readonly string[];
}

function waitForLog(child: ChildProcess, pattern: RegExp, what: string, log: { text: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`named: no ${what} within 20 s: ${log.text.slice(-2000)}`)), 20_000);
    const check = () => {
      if (pattern.test(log.text)) {
        clearTimeout(timer);
        child.stderr?.off('data', check);
        resolve();
      }
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`named exited (${code}) before ${what}: ${log.text.slice(-2000)}`));
    });
    check();
  });
}

export async function startNamed(options: NamedOptions): Promise<Named> {
  const program = requirePeer('named', 'bind9');
  const dir = mkdtempSync(join(tmpdir(), 'nettool-named-'));
  const zoneFile = (name: string) => join(dir, `${name === '.' ? 'root' : name}.zone`);
  for (const zone of options.zones) writeFileSync(zoneFile(zone.name), zone.text);
  const address = options.address ?? '127.0.0.1';
  writeFileSync(join(dir, 'named.conf'), `
options {
  directory "${dir}";
  listen-on port ${options.port} { ${address}; };
  listen-on-v6 { none; };
  pid-file "${join(dir, 'named.pid')}";
  session-keyfile "${join(dir, 'session.key')}";
  managed-keys-directory "${dir}";
  recursion no;
  allow-transfer { any; };
  dnssec-validation no;
  ixfr-from-differences yes;
  notify no;
  ${options.serverId ? `server-id "${options.serverId}";` : ''}
};
controls { };
${options.zones.map((zone) => `zone "${zone.name}" { type primary; file "${zoneFile(zone.name)}"; };`).join('\n')}
`);
  const [command, ...prefix] = [...(options.prefix ?? []), program];
  const child = spawn(command!, [...prefix, '-g', '-n', '1', '-c', join(dir, 'named.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log = { text: '' };
  child.stderr!.on('data', (chunk: Buffer) => {
    log.text += chunk.toString();
    if (log.text.length > 100_000) log.text = log.text.slice(-50_000);
  });
  await waitForLog(child, /running\n/, 'start', log);
  return {
    port: options.port,
    dir,
    pid: child.pid!,
    reload: async (zone) => {
      writeFileSync(zoneFile(zone.name), zone.text);
      const before = log.text.length;
      child.kill('SIGHUP');
      await waitForLog(child, new RegExp(`zone ${zone.name.replace(/\./g, '\\.')}/IN: loaded serial`), 'reload', {
        get text() {
          return log.text.slice(before);
        },
      } as { text: string });
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
