/** What the netstat live view is fed: one refresh of everything the screen shows, and the feed that hands them out. Types only. */
import type { PortPair } from './tcp-info.js';
import type { WatchRow } from './watch-rows.js';

/** Receive and transmit bytes per second of one interface since the previous refresh. */
export interface InterfaceRate {
  readonly name: string;
  readonly rxRate: number;
  readonly txRate: number;
}

/** One refresh of everything the screen shows. */
export interface WatchSnapshot {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly rows: readonly WatchRow[];
  readonly interfaces: readonly InterfaceRate[];
  /** False when `ss` is missing: the rate columns then say n/a instead of staying blank. */
  readonly ratesAvailable: boolean;
  /** Sockets whose owner this user may not see (others' processes without root). */
  readonly hiddenOwners: number;
  /** False on a quick first refresh that left out the /proc/PID/fd scan; the next one has owners. */
  readonly ownersKnown: boolean;
}

/** Which TCP connections need rates: all of them, or those with these ports (the rows on screen). */
export type RateScope = { readonly kind: 'all' } | { readonly kind: 'ports'; readonly pairs: readonly PortPair[] };

/** Where refreshes come from: the real one reads /proc and ss; tests hand in fixed snapshots. */
export interface SnapshotFeed {
  next(scope?: RateScope): Promise<WatchSnapshot>;
}
