/** `nettool serve`'s three ways to run a checked plan: in this process, as a worker of --workers, or as their primary. */
import type { ServeEvent, ServeSummary } from '../protocol/serve-events.js';
import { formatServeEvent, formatServeEventJson } from '../render/serve-log.js';
import { formatBoundAddress, type ListenTarget, type ServerHandle } from '../servers/listen.js';
import type { ServiceOptions } from '../servers/options.js';
import { ConnectionPolicy, type PolicyOptions } from '../servers/policy.js';
import type { ServiceDefinition } from '../servers/registry.js';
import { reportWorkerFailure, startWorkerPool, workerChannel } from '../servers/workers.js';
import type { ServeLive } from '../ui/serve-live.js';
import type { CommandContext } from './context.js';

export interface ServePlan {
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly limits: Omit<PolicyOptions, 'onEvent'>;
  readonly settings: Omit<ServiceOptions, 'policy' | 'target'>;
  /** -v: connection lines too for services that log each request. */
  readonly verbose: boolean;
  readonly tui: boolean;
}

type SocketTarget = Exclude<ListenTarget, { kind: 'handoff' }>;

function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

const transportOf = (plan: ServePlan, target: SocketTarget) => (target.kind === 'unix' ? 'unix' : plan.settings.udp ? 'udp' : 'tcp');

/** The access log: JSON Lines on stdout, status lines on stderr, or the live view once it runs. */
function serveLog(context: CommandContext, plan: ServePlan) {
  const { io } = context;
  const log = {
    tui: undefined as ServeLive | undefined,
    onEvent: (event: ServeEvent) => {
      if (context.json) io.stdout.write(formatServeEventJson(event, io.now()));
      else if (log.tui) log.tui.onEvent(event);
      // An HTTP service logs each request (Python's habit); connections opening and closing only with -v.
      else if (!context.quiet && !(plan.definition.logsRequests && !plan.verbose && (event.type === 'connection' || event.type === 'closed'))) context.status(formatServeEvent(event, io.now()));
    },
    summary: (totals: ServeSummary) => {
      const summary: ServeEvent = { type: 'summary', service: plan.name, ...totals };
      if (context.json) io.stdout.write(formatServeEventJson(summary, io.now()));
      else context.status(formatServeEvent(summary, io.now()));
    },
  };
  return log;
}

async function stopService(handle: ServerHandle, policy: ConnectionPolicy): Promise<void> {
  await handle.close();
  // Closed clients' events run on the next turns of the loop; give them a moment so the summary counts them.
  for (let i = 0; i < 50 && !policy.idle; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

export async function serveHere(context: CommandContext, plan: ServePlan, target: SocketTarget): Promise<number> {
  const { io } = context;
  const log = serveLog(context, plan);
  const wantsTui = plan.tui && !context.json;
  if (plan.tui && context.json) context.status('--tui does not combine with --json; logging JSON Lines instead');
  const quietLog = context.quiet && !context.json && !wantsTui;
  const policy = new ConnectionPolicy({ ...plan.limits, ...(quietLog ? {} : { onEvent: log.onEvent }) });
  const handle = await plan.definition.create({ ...plan.settings, target, policy });
  // Ink and React load only here: a live view on a terminal, after the bind has succeeded.
  if (wantsTui && io.stdout.isTTY === true) log.tui = await (await import('../ui/serve-live.js')).startServeLive(io, plan.name, context.palette.enabled);
  else if (wantsTui) context.status('--tui needs a terminal; logging instead');
  log.onEvent({ type: 'listening', service: plan.name, transport: transportOf(plan, target), address: formatBoundAddress(handle.address) });
  log.tui?.watch(policy);

  // The live view ends on q or Ctrl-C (keys in raw mode) as well as on the signals.
  let failure: unknown;
  await (log.tui ? log.tui.done.catch((error: unknown) => void (failure = error)) : waitForAbort(io.signal));
  await stopService(handle, policy);
  log.summary(policy.summary());
  if (failure !== undefined) throw failure;
  return 0;
}

/** The primary of serve --workers: it binds and admits; the workers serve. */
export async function serveWithWorkers(context: CommandContext, plan: ServePlan, target: SocketTarget, workers: number): Promise<number> {
  const log = serveLog(context, plan);
  const { allow, maxClients, now } = plan.limits;
  const pool = await startWorkerPool({ target, workers, allow: allow ?? [], maxClients: maxClients ?? 0, now, onEvent: log.onEvent });
  log.onEvent({ type: 'listening', service: plan.name, transport: transportOf(plan, target), address: formatBoundAddress(pool.address), workers });
  try {
    await Promise.race([waitForAbort(context.io.signal), pool.failure]);
  } finally {
    log.summary(await pool.stop());
  }
  return 0;
}

/** A worker of serve --workers: clients come from the primary, which has admitted them; everything is reported to it. */
export async function serveAsWorker(context: CommandContext, plan: ServePlan, target: Extract<ListenTarget, { kind: 'handoff' }>): Promise<number> {
  const channel = workerChannel();
  const policy = new ConnectionPolicy({ ...plan.limits, allow: [], maxClients: 0, onEvent: channel.log });
  let handle: ServerHandle;
  try {
    handle = await plan.definition.create({ ...plan.settings, target, policy });
  } catch (error) {
    // The primary prints the one line for every worker; printed here too, it would come N + 1 times.
    return reportWorkerFailure(error);
  }
  channel.ready();
  await Promise.race([waitForAbort(context.io.signal), waitForAbort(channel.stopped)]);
  await stopService(handle, policy);
  await channel.finish(policy.summary());
  return 0;
}
