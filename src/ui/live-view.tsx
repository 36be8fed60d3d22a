/** The netstat live view's entry point (a build entry): loaded only where it draws on a terminal. */
import type { Io } from '../io.js';
import { runOnTerminal } from './driver/terminal.js';
import { WatchApp, type WatchAppProps } from './WatchApp.js';

/** Runs the view until `q`, Esc, Ctrl-C or the abort signal; the terminal is restored on every way out. */
export function runLiveView(io: Io, props: WatchAppProps): Promise<void> {
  return runOnTerminal(io, <WatchApp {...props} />);
}
