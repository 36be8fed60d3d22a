/** Runs Python snippets as a real peer: asynchronously, so an in-process server can answer them. */
import { execFile } from 'node:child_process';
import { requirePeer } from './peers.js';

/** Runs `code` with `python3 -c`, passing `args` as sys.argv[1:]; resolves with stdout, rejects with stderr. */
export function runPython(code: string, args: readonly string[] = [], timeoutMs = 20_000): Promise<string> {
  const python = requirePeer('python3', 'python3');
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', code, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python3 failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
