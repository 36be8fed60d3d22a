/** The one Ink driver of every live view: pulls refreshes from an injected feed into the view's pure reducer, resolves keys through its binding table, sizes everything to the terminal. */
import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import type { KeyMode, KeyPress, KeyTable } from './bindings.js';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import type { Theme } from '../theme.js';

/** Where refreshes come from. `wake`, when given, asks for a refresh sooner than the interval (an event-driven source). */
export interface LiveFeed<Snapshot, Scope> {
  next(scope?: Scope): Promise<Snapshot>;
  wake?(listener: () => void): () => void;
}

export interface BodyProps<State> {
  readonly state: State;
  readonly width: number;
  /** Lines the body may use. */
  readonly height: number;
  readonly theme: Theme;
}

/** A live view: its pure reducer's entry points, its binding table, and what it draws. */
export interface LiveView<State, Snapshot, Scope = undefined> {
  readonly keys: KeyTable<string>;
  /** `bodyHeight` lines below the header: a view with a table header keeps one for it. */
  init(bodyHeight: number): State;
  snapshot(state: State, snapshot: Snapshot): State;
  resize(state: State, bodyHeight: number): State;
  key(state: State, input: string, key: KeyPress): { readonly state: State; readonly quit: boolean };
  mode(state: State): KeyMode;
  /** What the feed should read next (the rows on screen, say). */
  scope?(state: State): Scope;
  /** Lines the header takes at this terminal height. */
  headerLines(rows: number): number;
  /** The footer's first words: what is shown now. */
  status(state: State): string;
  header(props: BodyProps<State>): ReactNode;
  body(props: BodyProps<State>): ReactNode;
}

export interface LiveAppProps<State, Snapshot, Scope> {
  readonly view: LiveView<State, Snapshot, Scope>;
  readonly feed: LiveFeed<Snapshot, Scope>;
  readonly intervalMs: number;
  readonly theme: Theme;
  /** Read before the first frame, so that it already shows rows. */
  readonly initialSnapshot?: Snapshot;
  /** Whether the refresh after `initialSnapshot` is due at once (it left something out) rather than an interval later. */
  readonly refreshAtOnce?: boolean;
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

/**
 * Lines on screen: header, body, footer, and one line spare. Ink clears the whole screen whenever
 * its output reaches the terminal's height, so the frame always stays below it.
 */
export function bodyHeight(rows: number, headerLines: number): number {
  return Math.max(2, rows - 1 - headerLines - 1);
}

type AppAction<Snapshot> =
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'resize'; readonly height: number }
  | { readonly type: 'key'; readonly input: string; readonly key: KeyPress };

interface AppState<State> {
  readonly view: State;
  readonly quit: boolean;
}

export function LiveApp<State, Snapshot, Scope>({ view, feed, intervalMs, theme, initialSnapshot, refreshAtOnce = false }: LiveAppProps<State, Snapshot, Scope>) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();
  const headerLines = view.headerLines(size.rows);
  const height = bodyHeight(size.rows, headerLines);
  const [{ view: state, quit }, dispatch] = useReducer(
    (current: AppState<State>, action: AppAction<Snapshot>): AppState<State> => {
      switch (action.type) {
        case 'snapshot':
          return { ...current, view: view.snapshot(current.view, action.snapshot) };
        case 'resize':
          return { ...current, view: view.resize(current.view, action.height) };
        case 'key': {
          const next = view.key(current.view, action.input, action.key);
          return next.state === current.view && !next.quit ? current : { view: next.state, quit: current.quit || next.quit };
        }
      }
    },
    null,
    () => {
      const initial = view.init(height);
      return { view: initialSnapshot === undefined ? initial : view.snapshot(initial, initialSnapshot), quit: false };
    },
  );

  useEffect(() => {
    if (quit) exit();
  }, [quit]);

  useEffect(() => dispatch({ type: 'resize', height }), [height]);

  // The refresh loop outlives renders; it asks the newest state what is worth reading.
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    let stopped = false;
    let running = false;
    let timer: NodeJS.Timeout | undefined;
    let dueAt = 0;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      dueAt = Date.now() + ms;
      timer = setTimeout(refresh, ms);
    };
    const refresh = async () => {
      if (running) return;
      running = true;
      const started = Date.now();
      try {
        const snapshot = await feed.next(view.scope?.(latest.current));
        if (stopped) return;
        dispatch({ type: 'snapshot', snapshot });
      } catch (error) {
        if (!stopped) exit(error instanceof Error ? error : new Error(String(error)));
        return;
      } finally {
        running = false;
      }
      // Every interval from the start of the last refresh, however long that refresh took.
      if (!stopped) schedule(Math.max(0, intervalMs - (Date.now() - started)));
    };
    // A burst of events (hundreds of connects) asks once: a refresh within 100 ms, not one each,
    // and a steady stream never postpones one already due sooner.
    const unsubscribe = feed.wake?.(() => {
      if (!stopped && !running && dueAt - Date.now() > 100) schedule(100);
    });
    if (initialSnapshot === undefined) void refresh();
    else schedule(refreshAtOnce ? 0 : intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe?.();
    };
  }, [feed, intervalMs]);

  useInput((input, key) => dispatch({ type: 'key', input, key }), { isActive: isRawModeSupported === true });

  const mode = view.mode(state);
  const props: BodyProps<State> = { state, width: size.columns, height, theme };
  return (
    <Box flexDirection="column" width={size.columns}>
      {view.header({ ...props, height: headerLines })}
      {mode.help ? <HelpOverlay keys={view.keys} height={height} width={size.columns} theme={theme} /> : view.body(props)}
      <Footer keys={view.keys} width={size.columns} theme={theme} prompt={mode.prompt} status={view.status(state)} />
    </Box>
  );
}
