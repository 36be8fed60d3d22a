import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ServeView } from '../../../src/ui/ServeView.js';
import { initialServeViewState, serveViewReducer } from '../../../src/ui/serve-state.js';

describe('ServeView', () => {
  it('draws the clients table at a fixed width', () => {
    let state = initialServeViewState('echo');
    state = serveViewReducer(state, { type: 'event', event: { type: 'listening', service: 'echo', transport: 'tcp', address: '[::]:7007' }, line: '' });
    state = serveViewReducer(state, { type: 'event', event: { type: 'connection', id: 1, client: '127.0.0.1:53422' }, line: '' });
    state = serveViewReducer(state, { type: 'tick', nowMs: 60_000, clients: [{ id: 1, client: '127.0.0.1:53422', sinceMs: 0, bytesIn: 0, bytesOut: 0 }] });
    state = serveViewReducer(state, { type: 'tick', nowMs: 61_000, clients: [{ id: 1, client: '127.0.0.1:53422', sinceMs: 0, bytesIn: 2048, bytesOut: 2048 }] });
    state = serveViewReducer(state, { type: 'event', event: { type: 'refused', client: '[::1]:4000', reason: 'not in --allow' }, line: 'Refused [::1]:4000: not in --allow' });
    const { lastFrame, unmount } = render(<ServeView state={state} nowMs={61_000} />);
    expect(lastFrame()).toBe(
      [
        'Serving echo on [::]:7007 (TCP): 1 connected, 1 total, 1 refused',
        'client                since       in      out    rate in   rate out',
        '127.0.0.1:53422  1 min 01 s  2.0 KiB  2.0 KiB  2.0 KiB/s  2.0 KiB/s',
        'Refused [::1]:4000: not in --allow',
      ].join('\n'),
    );
    unmount();
  });

  it('counts the rows it cannot show', () => {
    const clients = Array.from({ length: 5 }, (_, i) => ({ id: i, client: `127.0.0.1:${1000 + i}`, sinceMs: 0, bytesIn: 0, bytesOut: 0 }));
    const state = serveViewReducer(initialServeViewState('chargen'), { type: 'tick', nowMs: 0, clients });
    const { lastFrame, unmount } = render(<ServeView state={state} nowMs={0} maxRows={2} />);
    expect(lastFrame()).toContain('… and 3 more');
    expect(lastFrame()).toContain('127.0.0.1:1001');
    expect(lastFrame()).not.toContain('127.0.0.1:1002');
    unmount();
  });
});
