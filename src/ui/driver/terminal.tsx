/** Puts a live view on the terminal: alternate screen in, terminal restored on every way out. Loaded only on the TTY path. */
import { render } from 'ink';
import type { ReactElement } from 'react';
import type { Io } from '../../io.js';

// xterm's alternate screen (DECSET 1049: save cursor, switch, clear), and the way back; cursor shown again.
const enterAlternateScreen = '\u001b[?1049h\u001b[H';
const leaveAlternateScreen = '\u001b[?25h\u001b[?1049l';

/**
 * Runs the view until `q`, Esc, Ctrl-C or the abort signal (SIGINT, SIGTERM). An error from the
 * feed or a component ends it too, and is rethrown once the terminal is back to normal.
 */
export async function runOnTerminal(io: Io, element: ReactElement): Promise<void> {
  const stdout = io.stdout as NodeJS.WriteStream;
  const stdin = io.stdin as NodeJS.ReadStream;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (stdin.isTTY) stdin.setRawMode?.(false);
    stdout.write(leaveAlternateScreen);
  };
  // Last resort for a hard exit (a second Ctrl-C, a crash): the shell must not be left on the alternate screen.
  process.once('exit', restore);
  stdout.write(enterAlternateScreen);
  const instance = render(element, {
    stdout,
    stdin,
    stderr: io.stderr as NodeJS.WriteStream,
    // Ctrl-C arrives as a key in raw mode; the bindings treat it as quit, so the view unmounts cleanly.
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const onAbort = () => instance.unmount();
  io.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    instance.cleanup();
    restore();
    process.off('exit', restore);
  }
}
