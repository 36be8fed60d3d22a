/** The netstat live view as one component: the driver running the netstat view definition. */
import { useMemo } from 'react';
import type { SnapshotFeed, WatchSnapshot } from '../protocol/watch-view.js';
import { LiveApp } from './driver/LiveApp.js';
import type { Theme } from './theme.js';
import type { ViewOptions } from './views/netstat/state.js';
import { netstatView } from './views/netstat/view.js';

export interface WatchAppProps {
  readonly feed: SnapshotFeed;
  readonly intervalMs: number;
  readonly host: string;
  readonly theme: Theme;
  readonly options?: ViewOptions;
  /** Read before the first frame, so that it already shows sockets; the feed's next refresh is an interval later. */
  readonly initialSnapshot?: WatchSnapshot;
}

export function WatchApp({ feed, intervalMs, host, theme, options, initialSnapshot }: WatchAppProps) {
  const view = useMemo(() => netstatView({ host, intervalMs, ...(options ? { options } : {}) }), [host, intervalMs]);
  return (
    <LiveApp
      view={view}
      feed={feed}
      intervalMs={intervalMs}
      theme={theme}
      {...(initialSnapshot ? { initialSnapshot, refreshAtOnce: !initialSnapshot.ownersKnown } : {})}
    />
  );
}
