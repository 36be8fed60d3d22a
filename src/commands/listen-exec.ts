/** `listen -e/--sh-exec` (ncat -l -e): each peer talks to its own run of a program; with -k, many at once. */
import { InterruptedError } from '../errors.js';
import { startProgram, type ProgramSpec } from '../net/program-endpoint.js';
import type { StreamListener } from '../net/stream-listener.js';
import type { CommandContext } from './context.js';
import { runStreamSession, type Transcript } from './stream-session.js';

/** Peers served at once before others are turned away (ncat's --max-conns default). */
const maxPrograms = 100;

export interface ListenExecOptions {
  readonly keep: boolean;
  readonly crlf: boolean;
  readonly transcript?: Transcript;
}

/** One peer and its program, to the end of both: the program's exit ends the connection, the peer's FIN ends its input. */
async function servePeer(context: CommandContext, accepted: Awaited<ReturnType<StreamListener['accept']>>, spec: ProgramSpec, options: ListenExecOptions): Promise<void> {
  const { socket, peer } = accepted;
  let program;
  try {
    program = await startProgram(spec, context.io.env);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  try {
    const session = { telnet: false, crlf: options.crlf, hex: false, transcript: options.transcript, program: program.input };
    const end = await runStreamSession(context, socket, peer, program.source, session);
    context.status(end === 'peer-closed' ? `Connection closed by ${peer}` : `Closed the connection to ${peer}`);
  } finally {
    program.source.close();
    program.stop();
  }
}

/** Accepts until Ctrl-C (-k) or after the first peer; exit 0 either way, a peer's failure is a status line with -k. */
export async function serveProgram(context: CommandContext, listener: StreamListener, spec: ProgramSpec, options: ListenExecOptions): Promise<number> {
  const running = new Set<Promise<void>>();
  try {
    context.status(`Listening on ${listener.address}`);
    for (;;) {
      const accepted = await listener.accept(context.io.signal);
      context.status(`Connection from ${accepted.peer}`);
      if (!options.keep) {
        listener.setBusy(true);
        await servePeer(context, accepted, spec, options);
        return 0;
      }
      const task: Promise<void> = servePeer(context, accepted, spec, options)
        .catch((error: unknown) => {
          if (!(error instanceof InterruptedError)) context.status(`${accepted.peer}: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => {
          running.delete(task);
          listener.setBusy(running.size >= maxPrograms);
        });
      running.add(task);
      listener.setBusy(running.size >= maxPrograms);
    }
  } catch (error) {
    if (options.keep && error instanceof InterruptedError) {
      await Promise.all(running);
      return 0;
    }
    throw error;
  } finally {
    options.transcript?.close();
    listener.close();
  }
}
