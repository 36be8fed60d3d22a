/** tcp_info byte counters of every TCP socket, read by running `ss -tine` (no root needed). Spawns ss; never blocks. */
import { spawn } from 'node:child_process';
import { parseSsTcpInfo, type TcpCounters } from '../protocol/tcp-info.js';

export interface TcpCounterOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** The ss program; tests point this elsewhere. */
  readonly command?: string;
  /** An ss filter expression (formatSsPortFilter); none reads every TCP socket. */
  readonly filter?: string | null;
}

/** ss prints about 600 bytes a socket; far more than this means something is wrong, not busy. */
const maxOutputBytes = 64 * 1024 * 1024;

/**
 * Counters per socket inode, or null when ss is not installed (the view then says n/a).
 * A failing or slow ss is reported as an error: the caller decides whether rates matter.
 */
export function readTcpCounters(options: TcpCounterOptions = {}): Promise<Map<number, TcpCounters> | null> {
  return new Promise((resolve, reject) => {
    // -i tcp_info, -e inode, -n numeric; no -H/-O so that old ss works too (the parser joins lines).
    const args = ['-t', '-i', '-n', '-e', ...(options.filter ? [options.filter] : [])];
    const child = spawn(options.command ?? 'ss', args, { stdio: ['ignore', 'pipe', 'ignore'], signal: options.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 5000);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutputBytes) child.kill('SIGKILL');
      else chunks.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(null);
      else reject(new Error(`ss -tine: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(parseSsTcpInfo(Buffer.concat(chunks).toString('latin1')));
      else reject(new Error(`ss -tine ${signal ? `was stopped (${signal})` : `exited with ${code}`}`));
    });
  });
}
