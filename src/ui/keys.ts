/** Every key binding of the live connection view, in one place. Pure: a key press in, an action out; no Ink import. */
import { viewReducer, type ViewAction, type ViewState } from '../protocol/watch-view.js';

/** The parts of Ink's `Key` that the bindings read; Ink's own object satisfies it. */
export interface KeyPress {
  readonly upArrow: boolean;
  readonly downArrow: boolean;
  readonly pageUp: boolean;
  readonly pageDown: boolean;
  readonly home: boolean;
  readonly end: boolean;
  readonly return: boolean;
  readonly escape: boolean;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly backspace: boolean;
  readonly delete: boolean;
  readonly tab: boolean;
}

export type KeyCommand = ViewAction | { readonly type: 'quit' };

/** The help overlay and the footer read these, so what is shown is what is bound. */
export const keyHelp: readonly (readonly [keys: string, action: string])[] = [
  ['q  Esc', 'quit (Esc first closes help or the filter)'],
  ['↑ ↓ k j  PgUp PgDn Space  Home End', 'scroll'],
  ['s / r', 'next sort column / reverse'],
  ['/', 'filter by text over all columns; Enter keeps it, Esc clears it'],
  ['t / u', 'show or hide TCP / UDP'],
  ['l', 'listening sockets: hidden → shown too → only'],
  ['p', 'pause / resume'],
  ['g', 'group by process: sockets, states and rates per process'],
  ['?', 'this help'],
];

/** The footer's short form. */
export const footerHints: readonly (readonly [key: string, action: string])[] = [
  ['q', 'quit'],
  ['/', 'filter'],
  ['s', 'sort'],
  ['r', 'reverse'],
  ['t', 'tcp'],
  ['u', 'udp'],
  ['l', 'listening'],
  ['p', 'pause'],
  ['g', 'group'],
  ['?', 'help'],
];

const letters: Readonly<Record<string, KeyCommand>> = {
  q: { type: 'quit' },
  s: { type: 'sort-next' },
  r: { type: 'reverse' },
  '/': { type: 'filter-open' },
  t: { type: 'toggle-tcp' },
  u: { type: 'toggle-udp' },
  l: { type: 'toggle-listening' },
  p: { type: 'pause' },
  g: { type: 'group' },
  '?': { type: 'help' },
  k: { type: 'scroll', move: 'line-up' },
  j: { type: 'scroll', move: 'line-down' },
};

/** Typing into the filter prompt: everything printable is text; Enter keeps, Esc clears. */
function filterKey(input: string, key: KeyPress): KeyCommand | null {
  if (key.return) return { type: 'filter-apply' };
  if (key.escape) return { type: 'filter-clear' };
  if (key.backspace || key.delete) return { type: 'filter-erase' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return null;
  // Control characters never belong in a filter (a paste may carry a newline).
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? null : { type: 'filter-type', text };
}

/** What a key does in this state, or null when it does nothing. */
export function commandForKey(input: string, key: KeyPress, state: Pick<ViewState, 'draft' | 'help' | 'filter'>): KeyCommand | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (state.draft !== null) return filterKey(input, key);
  if (key.escape) {
    if (state.help) return { type: 'help' };
    // An applied filter is the "open filter" Esc closes before quitting: kinder than quitting on a habit.
    if (state.filter !== '') return { type: 'filter-clear' };
    return { type: 'quit' };
  }
  if (key.upArrow) return { type: 'scroll', move: 'line-up' };
  if (key.downArrow) return { type: 'scroll', move: 'line-down' };
  if (key.pageUp) return { type: 'scroll', move: 'page-up' };
  if (key.pageDown || input === ' ') return { type: 'scroll', move: 'page-down' };
  if (key.home) return { type: 'scroll', move: 'home' };
  if (key.end) return { type: 'scroll', move: 'end' };
  if (key.ctrl || key.meta) return null;
  return letters[input] ?? null;
}

/** A key press with no special key held: what a plain character arrives as. */
export const plainKey: KeyPress = {
  upArrow: false,
  downArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  meta: false,
  backspace: false,
  delete: false,
  tab: false,
};

/** One character of a burst as the key it stands for. */
function keyOf(char: string): { readonly input: string; readonly key: KeyPress } {
  if (char === '\r' || char === '\n') return { input: char, key: { ...plainKey, return: true } };
  if (char === '\u007f' || char === '\b') return { input: '', key: { ...plainKey, backspace: true } };
  if (char === '\t') return { input: '', key: { ...plainKey, tab: true } };
  return { input: char, key: plainKey };
}

/**
 * The view after some input, and whether it asked to quit. Keys resolve against the newest state,
 * so fast typing is never lost; and a terminal hands over a burst of typing (a paste, tmux
 * send-keys) as one string, which is taken here a character at a time: `/443⏎` opens the filter,
 * types 443 and applies it.
 */
export function applyKey(state: ViewState, input: string, key: KeyPress): { readonly state: ViewState; readonly quit: boolean } {
  const chars = [...input];
  const presses = chars.length > 1 && !key.ctrl && !key.meta && !key.escape ? chars.map(keyOf) : [{ input, key }];
  let current = state;
  for (const press of presses) {
    const command = commandForKey(press.input, press.key, current);
    if (command === null) continue;
    if (command.type === 'quit') return { state: current, quit: true };
    current = viewReducer(current, command);
  }
  return { state: current, quit: false };
}
