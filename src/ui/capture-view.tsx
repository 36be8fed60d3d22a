/** The capture --watch entry point (a build entry): the flows view on the live-view driver, loaded only on a terminal. */
import type { Io } from '../io.js';
import { LiveApp, type LiveFeed } from './driver/LiveApp.js';
import { runOnTerminal } from './driver/terminal.js';
import { createTheme } from './theme.js';
import type { CaptureSnapshot } from './views/capture/state.js';
import { captureView } from './views/capture/view.js';

/** Draws the flows of `feed` every interval until `q`, Esc, Ctrl-C or the abort signal; the terminal is restored on every way out. */
export function runCaptureView(io: Io, device: string, feed: LiveFeed<CaptureSnapshot, undefined>, intervalMs: number, colors: boolean): Promise<void> {
  return runOnTerminal(io, <LiveApp view={captureView(device)} feed={feed} intervalMs={intervalMs} theme={createTheme(colors)} />);
}
