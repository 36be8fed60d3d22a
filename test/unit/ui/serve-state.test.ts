import { describe, expect, it } from 'vitest';
import type { ClientSnapshot, ServeEvent } from '../../../src/protocol/serve-events.js';
import { closedShown, forgetMs, initialServeViewState, serveLayout, serveViewReducer, type ServeSnapshot, type ServeViewState } from '../../../src/ui/views/serve/state.js';

const client = (id: number, bytesIn: number, bytesOut: number, sinceMs = 1000): ClientSnapshot => ({ id, client: `127.0.0.1:${5000 + id}`, sinceMs, bytesIn, bytesOut });
const describeEvent = (event: ServeEvent) => `${event.type}`;
const refresh = (state: ServeViewState, time: number, clients: ClientSnapshot[], events: ServeEvent[] = [], totals = { bytesIn: 0, bytesOut: 0 }) => {
  const snapshot: ServeSnapshot = { time, events, clients, ...totals };
  return serveViewReducer(state, { type: 'snapshot', snapshot, describe: describeEvent });
};

describe('serveViewReducer', () => {
  it('takes the address from listening and counts connections and refusals', () => {
    const state = refresh(initialServeViewState('echo'), 0, [], [
      { type: 'listening', service: 'echo', transport: 'tcp', address: '[::]:7' },
      { type: 'connection', id: 1, client: 'a' },
      { type: 'refused', client: 'b', reason: 'not in --allow' },
    ]);
    expect(state).toMatchObject({ address: '[::]:7 (TCP)', connections: 1, refused: 1, log: ['refused'] });
  });

  it('computes rates per client and for the service from successive refreshes; the first has none', () => {
    let state = refresh(initialServeViewState('echo'), 10_000, [client(1, 100, 50)], [], { bytesIn: 100, bytesOut: 50 });
    expect(state.clients[0]).toMatchObject({ rateIn: 0, rateOut: 0 });
    state = refresh(state, 12_000, [client(1, 2100, 4050), client(2, 999, 0)], [], { bytesIn: 3099, bytesOut: 4050 });
    expect(state.clients).toMatchObject([
      { id: 1, rateIn: 1000, rateOut: 2000 },
      // A client new since the last refresh has no rate yet.
      { id: 2, rateIn: 0, rateOut: 0 },
    ]);
    expect([state.rateIn, state.rateOut]).toEqual([1499.5, 2000]);
  });

  it('moves a closed client to the recently-closed area, which forgets it after a while', () => {
    let state = refresh(initialServeViewState('echo'), 0, [client(1, 0, 0), client(2, 0, 0)]);
    state = refresh(state, 1000, [client(2, 0, 0)], [{ type: 'closed', id: 1, client: '127.0.0.1:5001', bytesIn: 5, bytesOut: 5, durationMs: 900 }]);
    expect(state.clients.map((c) => c.id)).toEqual([2]);
    expect(closedShown(state).map((c) => c.client)).toEqual(['127.0.0.1:5001']);
    expect(serveLayout(state).closedRows).toBe(1);
    state = refresh(state, 1000 + forgetMs, [client(2, 0, 0)]);
    expect(closedShown(state)).toEqual([]);
  });

  it('sorts clients oldest first; s and r change the order; / filters', () => {
    let state = refresh(initialServeViewState('echo'), 0, [client(2, 10, 0, 500), client(1, 99, 0, 900), client(3, 50, 0, 100)]);
    expect(state.list.map((c) => c.id)).toEqual([3, 2, 1]);
    state = serveViewReducer(state, { type: 'sort-next' });
    expect(state.sort).toBe('client');
    state = serveViewReducer(state, { type: 'sort-next' });
    expect(state.list.map((c) => c.id)).toEqual([1, 3, 2]);
    expect(serveViewReducer(state, { type: 'reverse' }).list.map((c) => c.id)).toEqual([2, 3, 1]);
    const filtered = [{ type: 'filter-open' }, { type: 'filter-type', text: '5002' }, { type: 'filter-apply' }] as const;
    expect(filtered.reduce(serveViewReducer, state).list.map((c) => c.id)).toEqual([2]);
  });

  it('gives the rows every line the closed area and the last event leave', () => {
    const state = serveViewReducer(initialServeViewState('echo'), { type: 'resize', bodyHeight: 20 });
    expect(serveLayout(state).pageSize).toBe(19);
  });
});
