/** Drives the `serve --tui` view: loads Ink and React (only here, only on a terminal), feeds the reducer, redraws. */
import { createElement } from 'react';
import { render } from 'ink';
import type { Io } from '../io.js';
import type { ClientSnapshot, ServeEvent } from '../protocol/serve-events.js';
import { formatServeEvent } from '../render/serve-log.js';
import { ServeView } from './ServeView.js';
import { initialServeViewState, serveViewReducer, type ServeViewAction } from './serve-state.js';

export interface ServeLive {
  readonly onEvent: (event: ServeEvent) => void;
  /** Starts sampling the clients' byte counts once a second. */
  readonly watch: (source: { clients(): ClientSnapshot[] }) => void;
  readonly stop: () => void;
}

export async function startServeLive(io: Io, service: string): Promise<ServeLive> {
  let state = initialServeViewState(service);
  // Ctrl-C stays a signal (graceful stop in commands/serve.ts): Ink never takes the keyboard here.
  const instance = render(createElement(ServeView, { state, nowMs: io.now() }), { stdout: io.stdout as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: false });
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let sample: (() => void) | undefined;
  const draw = () => {
    dirty = false;
    // A fresh sample with every redraw, so a client shows up as soon as it connects.
    sample?.();
    instance.rerender(createElement(ServeView, { state, nowMs: io.now() }));
  };
  const dispatch = (action: ServeViewAction) => {
    state = serveViewReducer(state, action);
    // Bursts of events (hundreds of connects) redraw once per frame, not once each.
    if (!dirty) {
      dirty = true;
      setTimeout(draw, 100).unref();
    }
  };
  return {
    onEvent: (event) => dispatch({ type: 'event', event, line: formatServeEvent(event) }),
    watch: (source) => {
      sample = () => {
        state = serveViewReducer(state, { type: 'tick', nowMs: io.now(), clients: source.clients() });
      };
      draw();
      timer = setInterval(draw, 1000);
    },
    stop: () => {
      if (timer) clearInterval(timer);
      draw();
      instance.unmount();
    },
  };
}
