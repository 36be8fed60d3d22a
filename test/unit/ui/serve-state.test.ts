import { describe, expect, it } from 'vitest';
import { initialServeViewState, RECENT_LINES, serveViewReducer, type ServeViewState } from '../../../src/ui/serve-state.js';

const snapshot = (id: number, bytesIn: number, bytesOut: number, sinceMs = 1000) => ({ id, client: `127.0.0.1:${5000 + id}`, sinceMs, bytesIn, bytesOut });

describe('serveViewReducer', () => {
  it('takes the address from listening and counts connections and refusals', () => {
    let state = initialServeViewState('echo');
    state = serveViewReducer(state, { type: 'event', event: { type: 'listening', service: 'echo', transport: 'tcp', address: '[::]:7' }, line: '' });
    state = serveViewReducer(state, { type: 'event', event: { type: 'connection', id: 1, client: 'a' }, line: 'Received connection from a' });
    state = serveViewReducer(state, { type: 'event', event: { type: 'refused', client: 'b', reason: 'not in --allow' }, line: 'Refused b' });
    expect(state).toMatchObject({ address: '[::]:7 (TCP)', connections: 1, refused: 1, recent: ['Refused b'] });
  });

  it('computes rates from successive ticks; the first tick has none', () => {
    let state: ServeViewState = initialServeViewState('echo');
    state = serveViewReducer(state, { type: 'tick', nowMs: 10_000, clients: [snapshot(1, 100, 50)] });
    expect(state.clients[0]).toMatchObject({ rateIn: 0, rateOut: 0 });
    state = serveViewReducer(state, { type: 'tick', nowMs: 12_000, clients: [snapshot(1, 2100, 4050), snapshot(2, 999, 0)] });
    expect(state.clients).toMatchObject([
      { id: 1, rateIn: 1000, rateOut: 2000 },
      // A client new since the last tick has no rate yet.
      { id: 2, rateIn: 0, rateOut: 0 },
    ]);
  });

  it('drops a closed client at once and keeps only the last few log lines', () => {
    let state = serveViewReducer(initialServeViewState('echo'), { type: 'tick', nowMs: 0, clients: [snapshot(1, 0, 0), snapshot(2, 0, 0)] });
    state = serveViewReducer(state, {
      type: 'event',
      event: { type: 'closed', id: 1, client: 'x', bytesIn: 0, bytesOut: 0, durationMs: 5 },
      line: 'closed 1',
    });
    expect(state.clients.map((c) => c.id)).toEqual([2]);
    for (let i = 0; i < 10; i++) state = serveViewReducer(state, { type: 'event', event: { type: 'error', message: `e${i}` }, line: `line ${i}` });
    expect(state.recent).toHaveLength(RECENT_LINES);
    expect(state.recent.at(-1)).toBe('line 9');
  });

  it('sorts clients oldest first', () => {
    const state = serveViewReducer(initialServeViewState('echo'), { type: 'tick', nowMs: 0, clients: [snapshot(2, 0, 0, 500), snapshot(1, 0, 0, 900)] });
    expect(state.clients.map((c) => c.id)).toEqual([2, 1]);
  });
});
