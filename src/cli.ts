/** The entry point: signals, the one error line, and the exit code. The ONE place that exits. */
import { describeSystemError, ExitCode, formatErrorLine, InterruptedError, NettoolError, toNettoolError } from './errors.js';
import { realIo, type Io } from './io.js';
import { version } from './version.js';

/** Runs nettool with these arguments; resolves with the exit code instead of exiting. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  // `nettool --version` answers without loading commander: it is the start-up figure people time.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${version}\n`);
    return ExitCode.Ok;
  }
  try {
    const { runProgram } = await import('./program/build.js');
    return await runProgram(argv, io);
  } catch (error) {
    let failure = io.signal.aborted && !(error instanceof NettoolError) ? new InterruptedError() : toNettoolError(error);
    // Commands only know they were stopped; which signal did it decides the words and the code.
    if (failure instanceof InterruptedError && io.signal.reason === 'SIGTERM') failure = new NettoolError('terminated', ExitCode.Terminated);
    io.stderr.write(formatErrorLine(failure.message));
    if (io.env.NETTOOL_DEBUG === '1' && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return failure.exitCode;
  }
}

/** The process entry point, called by bin/nettool.cjs. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
    if (controller.signal.aborted) process.exit(code);
    controller.abort(signal);
    // A command that does not wind down on the signal within a moment is stopped.
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed pipe downstream (`| head -3`) is a normal end for a command-line tool, not an error.
  // Any other failure to write (a full disk, an I/O error) loses output: say so, never exit 0 in silence.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
    process.stderr.write(formatErrorLine(`cannot write output: ${describeSystemError(error)}`));
    process.exit(ExitCode.Network);
  });
  const code = await run(process.argv.slice(2), realIo(controller.signal));
  // Let buffered output reach a pipe before exiting; process.exit would cut it short.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
