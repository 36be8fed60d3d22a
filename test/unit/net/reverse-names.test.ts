import { describe, expect, it } from 'vitest';
import { createReverseNames } from '../../../src/net/reverse-names.js';
import { createResolvingFeed } from '../../../src/sources/resolving-feed.js';
import { snapshot, watchRow } from '../../helpers/watch-rows.js';

/** A look-up that answers only when told to, counting what it was asked. */
function heldLookup() {
  const waiting = new Map<string, (name: string | null) => void>();
  const asked: string[] = [];
  return {
    asked,
    lookup: (address: string) =>
      new Promise<string | null>((resolve) => {
        asked.push(address);
        waiting.set(address, resolve);
      }),
    answer: async (address: string, name: string | null) => {
      waiting.get(address)!(name);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('createReverseNames', () => {
  it('never waits: unknown first, the name once the look-up has come back, asked once', async () => {
    const held = heldLookup();
    const names = createReverseNames({ lookup: held.lookup });
    expect(names.nameOf('192.0.2.1')).toBeUndefined();
    expect(names.nameOf('192.0.2.1')).toBeUndefined();
    await held.answer('192.0.2.1', 'host.test');
    expect(names.nameOf('192.0.2.1')).toBe('host.test');
    expect(held.asked).toEqual(['192.0.2.1']);
  });

  it('remembers that an address has no name, and never asks about wildcards', async () => {
    const held = heldLookup();
    const names = createReverseNames({ lookup: held.lookup });
    names.nameOf('192.0.2.2');
    await held.answer('192.0.2.2', null);
    expect(names.nameOf('192.0.2.2')).toBeNull();
    expect(names.nameOf('0.0.0.0')).toBeNull();
    expect(names.nameOf('::')).toBeNull();
    expect(held.asked).toEqual(['192.0.2.2']);
  });

  it('bounds look-ups in flight and names kept', async () => {
    const held = heldLookup();
    const names = createReverseNames({ lookup: held.lookup, maxInFlight: 2, maxEntries: 2 });
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) names.nameOf(address);
    expect(held.asked).toEqual(['192.0.2.1', '192.0.2.2']);
    await held.answer('192.0.2.1', 'a.test');
    await held.answer('192.0.2.2', 'b.test');
    names.nameOf('192.0.2.3');
    await held.answer('192.0.2.3', 'c.test');
    expect(names.nameOf('192.0.2.3')).toBe('c.test');
    expect(names.nameOf('192.0.2.2')).toBe('b.test');
    // The oldest went to make room.
    expect(names.nameOf('192.0.2.1')).toBeUndefined();
  });
});

describe('createResolvingFeed', () => {
  it('shows names in place of addresses, keeping ports, keys and the numeric connection', async () => {
    const row = watchRow({ localAddress: '::1', localPort: 22, remoteAddress: '192.0.2.7', remotePort: 443 });
    const feed = createResolvingFeed({ next: async () => snapshot([row]) }, (address) => (address === '192.0.2.7' ? 'web.test' : address === '::1' ? 'localhost' : undefined));
    const [shown] = (await feed.next()).rows;
    expect([shown!.local, shown!.remote]).toEqual(['localhost:22', 'web.test:443']);
    expect(shown!.key).toBe(row.key);
    expect(shown!.connection).toBe(row.connection);
  });
});
