/** What a sweep worker is given and answers, and the worker's side of it. Imports only the handle prober, so a worker starts light. */
import type { ProbeOutcome } from './connect-outcome.js';
import { sweepPorts } from './port-sweep.js';
import { createHandleProber, type TcpTarget } from './tcp-handle-probe.js';

export interface SweepTask {
  readonly target: TcpTarget;
  readonly ports: readonly number[];
  readonly concurrency: number;
  readonly ratePerSecond?: number;
  readonly timeoutMs: number;
}

export type SweepReply = { readonly outcomes: ProbeOutcome[] } | { readonly error: string; readonly exitCode: number };

/** Sweeps the task's share of ports; a failure comes back as its message and exit code, never as a throw. */
export async function runSweepTask(task: SweepTask): Promise<SweepReply> {
  try {
    const prober = createHandleProber(task.target);
    if (!prober) return { error: "this Node has no bare TCP handles ('tcp_wrap')", exitCode: 1 };
    return { outcomes: await sweepPorts(task.ports, prober, { ...task, signal: new AbortController().signal }) };
  } catch (error) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    return { error: error instanceof Error ? error.message : String(error), exitCode: typeof exitCode === 'number' ? exitCode : 1 };
  }
}
