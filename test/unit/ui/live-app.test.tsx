import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveApp, type LiveView } from '../../../src/ui/driver/LiveApp.js';
import { createTheme } from '../../../src/ui/theme.js';
import { createServeFeed } from '../../../src/ui/views/serve/feed.js';

/** The smallest view: it counts the snapshots it was given. */
const counter: LiveView<number, number> = {
  keys: { quit: { keys: ['q'], help: 'quit', footer: 'quit' }, help: { keys: ['?'], help: 'help', footer: 'help' } },
  init: () => 0,
  snapshot: (_state, snapshot) => snapshot,
  resize: (state) => state,
  key: (state, input) => ({ state, quit: input === 'q' }),
  mode: () => ({ prompt: null, help: false, filter: '' }),
  headerLines: () => 1,
  status: () => '',
  header: ({ state }) => <Text>{`snapshot ${state}`}</Text>,
  body: () => <Text>body</Text>,
};

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('LiveApp and an event-driven feed', () => {
  it('refreshes soon after a wake, and a steady stream of wakes never postpones it', async () => {
    let calls = 0;
    let wake: (() => void) | undefined;
    const feed = {
      next: async () => ++calls,
      wake: (listener: () => void) => {
        wake = listener;
        return () => (wake = undefined);
      },
    };
    const app = render(<LiveApp view={counter} feed={feed} intervalMs={60_000} theme={createTheme(false)} />);
    unmount = app.unmount;
    await vi.waitFor(() => expect(app.lastFrame()).toContain('snapshot 1'));
    const stream = setInterval(() => wake?.(), 20);
    try {
      await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(3), { timeout: 3000, interval: 20 });
    } finally {
      clearInterval(stream);
    }
  });
});

describe('createServeFeed', () => {
  it('hands over the events since the last refresh with the clients and totals, keeping at most 1000 minor events', async () => {
    const feed = createServeFeed(() => 5000);
    feed.attach({ clients: () => [{ id: 1, client: 'a', sinceMs: 0, bytesIn: 1, bytesOut: 2 }], summary: () => ({ bytesIn: 10, bytesOut: 20 }) });
    for (let i = 0; i < 1500; i++) feed.onEvent({ type: 'datagram', client: 'b', bytesIn: 1, bytesOut: 1 });
    feed.onEvent({ type: 'connection', id: 2, client: 'c' });
    const snapshot = await feed.next();
    expect(snapshot.events).toHaveLength(1001);
    expect(snapshot.events.at(-1)).toEqual({ type: 'connection', id: 2, client: 'c' });
    expect(snapshot).toMatchObject({ time: 5000, bytesIn: 10, bytesOut: 20, clients: [{ id: 1 }] });
    expect((await feed.next()).events).toEqual([]);
  });
});
