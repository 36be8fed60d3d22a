/** Starting `nettool serve` on a free port for end-to-end tests, and Python clients to talk to it. */
import { execFile, type ChildProcess } from 'node:child_process';
import { startCli, waitForExit, waitForOutput, type CliResult } from './run-cli.js';
import { requirePeer } from './peers.js';

export interface RunningServe {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything the server has written to stderr so far. */
  readonly stderr: () => string;
  /** Sends the signal and resolves with the exit; stderr collected from the start. */
  readonly stop: (signal?: NodeJS.Signals) => Promise<CliResult>;
}

/** Starts `nettool serve <args>` and waits for its `Serving ... on` line; port 0 is added unless args name a port or --unix. */
export async function startServe(args: readonly string[], options: { cwd?: string; port?: string } = {}): Promise<RunningServe> {
  const [service = '', ...rest] = args;
  // Never a well-known port: tests run beside each other and beside other programs.
  const port = args.includes('--unix') ? [] : [options.port ?? '0'];
  const child = startCli(['serve', service, ...port, ...rest], options);
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = waitForExit(child, 60_000);
  exit.catch(() => {});
  const json = args.includes('--json');
  let match: RegExpExecArray;
  try {
    match = await waitForOutput(json ? child.stdout! : child.stderr!, json ? /"address":"[^"]*?:?(\d*)"/ : /^Serving \S+ on (?:.*:(\d+)|\S+) \(/m, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    child,
    port: Number(match[1] ?? 0),
    stderr: () => stderr,
    stop: async (signal = 'SIGINT') => {
      child.kill(signal);
      const result = await exit;
      return { ...result, stderr, stdout };
    },
  };
}

/** Runs a Python 3 script (its argv after the script) and resolves with its stdout; fails on a non-zero exit. */
export function python(script: string, args: readonly (string | number)[] = [], timeoutMs = 30_000): Promise<string> {
  const python3 = requirePeer('python3', 'python3');
  return new Promise((resolve, reject) => {
    execFile(python3, ['-c', script, ...args.map(String)], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Resident set size of a process in KiB, from /proc. */
export async function rssKiB(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
}
