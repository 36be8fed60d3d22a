/** Starts test/helpers/udp_peer.py (Python's socket module) as a UDP server or client on loopback. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requirePeer } from './peers.js';
import { waitForExit, waitForOutput } from './run-cli.js';

const script = fileURLToPath(new URL('./udp_peer.py', import.meta.url));

export interface PythonServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stop: () => void;
}

/** `echo`, `reply <hex>` or `collect <n>` on `host`, port 0; resolves once the port is known. */
export async function startPythonUdpServer(mode: 'echo' | 'reply' | 'collect', host: string, arg?: string): Promise<PythonServer> {
  const python = requirePeer('python3', 'python3');
  const child = spawn(python, [script, mode, host, ...(arg !== undefined ? [arg] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const match = await waitForOutput(child.stdout!, /^(\d+)\n/);
  return { child, port: Number(match[1]), stop: () => child.kill('SIGKILL') };
}

/** Runs a Python client (`roundtrips host port n` or `send host port hex wait`) to completion. */
export async function runPythonUdpClient(args: readonly string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const python = requirePeer('python3', 'python3');
  const child = spawn(python, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return waitForExit(child, timeoutMs);
}
