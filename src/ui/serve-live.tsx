/** The serve --tui entry point (a build entry): the serve view on the live-view driver, loaded only on a terminal. */
import type { Io } from '../io.js';
import type { ServeEvent } from '../protocol/serve-events.js';
import { formatServeEvent } from '../render/serve-log.js';
import { LiveApp } from './driver/LiveApp.js';
import { runOnTerminal } from './driver/terminal.js';
import { createTheme } from './theme.js';
import { createServeFeed, type ServeSource } from './views/serve/feed.js';
import { serveView } from './views/serve/view.js';

export interface ServeLive {
  readonly onEvent: (event: ServeEvent) => void;
  /** Starts drawing, sampling the clients and totals of `source` every second. */
  readonly watch: (source: ServeSource) => void;
  /** Settles when the view ends: `q`, Ctrl-C, the abort signal (SIGINT, SIGTERM); rejects on an error once the terminal is restored. */
  readonly done: Promise<void>;
}

export async function startServeLive(io: Io, service: string, colors: boolean): Promise<ServeLive> {
  const feed = createServeFeed(io.now);
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const done = ready.then(() =>
    runOnTerminal(io, <LiveApp view={serveView(service, formatServeEvent)} feed={feed} intervalMs={1000} theme={createTheme(colors)} />),
  );
  return {
    onEvent: feed.onEvent,
    watch: (source) => {
      feed.attach(source);
      started();
    },
    done,
  };
}
