/** The live connection view: refreshes from a feed into the reducer, keys from keys.ts, sized to the terminal. */
import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useReducer, useRef, useState } from 'react';
import { initialViewState, rateScope, viewReducer, type SnapshotFeed, type ViewAction, type ViewOptions, type ViewState, type WatchSnapshot } from '../protocol/watch-view.js';
import { ConnectionTable } from './ConnectionTable.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { applyKey, type KeyPress } from './keys.js';
import type { Theme } from './theme.js';

export interface WatchAppProps {
  readonly feed: SnapshotFeed;
  readonly intervalMs: number;
  readonly host: string;
  readonly theme: Theme;
  readonly options?: ViewOptions;
  /** Read before the first frame, so that it already shows sockets; the feed's next refresh is an interval later. */
  readonly initialSnapshot?: WatchSnapshot;
}

interface Size {
  readonly columns: number;
  readonly rows: number;
}

function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

interface AppState {
  readonly view: ViewState;
  readonly quit: boolean;
}

type AppAction = ViewAction | { readonly type: 'key'; readonly input: string; readonly key: KeyPress };

function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type !== 'key') return { ...state, view: viewReducer(state.view, action) };
  const next = applyKey(state.view, action.input, action.key);
  return next.state === state.view && next.quit === state.quit ? state : { view: next.state, quit: state.quit || next.quit };
}

/**
 * Lines on screen: header, table header, rows, footer, and one line spare. Ink clears the whole
 * screen whenever its output reaches the terminal's height, so the frame always stays below it.
 */
export function screenLayout(rows: number): { readonly headerLines: 1 | 3; readonly pageSize: number } {
  const headerLines = rows >= 10 ? 3 : 1;
  return { headerLines, pageSize: Math.max(1, rows - 1 - headerLines - 2) };
}

export function WatchApp({ feed, intervalMs, host, theme, options, initialSnapshot }: WatchAppProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();
  const layout = screenLayout(size.rows);
  const [{ view: state, quit }, dispatch] = useReducer(appReducer, { ...options, pageSize: layout.pageSize }, (viewOptions) => {
    const initial = initialViewState(viewOptions);
    return { view: initialSnapshot ? viewReducer(initial, { type: 'snapshot', snapshot: initialSnapshot }) : initial, quit: false };
  });

  useEffect(() => {
    if (quit) exit();
  }, [quit]);

  useEffect(() => dispatch({ type: 'resize', pageSize: layout.pageSize }), [layout.pageSize]);

  // The refresh loop outlives renders; it asks the newest state which rates are worth reading.
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const refresh = async () => {
      const started = Date.now();
      try {
        const snapshot = await feed.next(rateScope(latest.current));
        if (stopped) return;
        dispatch({ type: 'snapshot', snapshot });
      } catch (error) {
        if (!stopped) exit(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // Every interval from the start of the last refresh, however long that refresh took.
      if (!stopped) timer = setTimeout(refresh, Math.max(0, intervalMs - (Date.now() - started)));
    };
    // A quick first refresh without owners is followed at once by a full one.
    if (initialSnapshot) timer = setTimeout(refresh, initialSnapshot.ownersKnown ? intervalMs : 0);
    else void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [feed, intervalMs]);

  useInput((input, key) => dispatch({ type: 'key', input, key }), { isActive: isRawModeSupported === true });

  return (
    <Box flexDirection="column" width={size.columns}>
      <Header state={state} host={host} intervalMs={intervalMs} theme={theme} lines={layout.headerLines} />
      {state.help ? <HelpOverlay height={layout.pageSize + 1} theme={theme} /> : <ConnectionTable state={state} width={size.columns} theme={theme} />}
      <Footer draft={state.draft} theme={theme} />
    </Box>
  );
}
