/** The live view's --resolve: each refresh's addresses shown as host names where the background look-ups have found one. Never waits on DNS. */
import type { WatchRow } from '../protocol/watch-rows.js';
import type { SnapshotFeed } from '../protocol/watch-view.js';

/** The name of an address if known yet (null: it has none); never waits. */
export type NameOf = (address: string) => string | null | undefined;

/** `127.0.0.1:https` → `localhost:https`; an end that does not start with its address (a Unix path) stays. */
function named(text: string, address: string, nameOf: NameOf): string {
  const name = nameOf(address);
  if (!name) return text;
  const shown = address.includes(':') ? `[${address}]:` : `${address}:`;
  return text.startsWith(shown) ? `${name}:${text.slice(shown.length)}` : text;
}

function resolveRow(row: WatchRow, nameOf: NameOf): WatchRow {
  const c = row.connection;
  if (c.proto === 'unix') return row;
  return { ...row, local: named(row.local, c.local.address, nameOf), remote: named(row.remote, c.remote.address, nameOf) };
}

/** Rows keep their keys (made from the numeric ends), so a name arriving later is not a new socket. */
export function createResolvingFeed(feed: SnapshotFeed, nameOf: NameOf): SnapshotFeed {
  return {
    async next(scope) {
      const snapshot = await feed.next(scope);
      return { ...snapshot, rows: snapshot.rows.map((row) => resolveRow(row, nameOf)) };
    },
  };
}
