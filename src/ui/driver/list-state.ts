/** What every live view's list shares: the `/` filter prompt, the help toggle and scrolling, as pure state updates. No React. */
import type { Binding, PromptEdit } from './bindings.js';

export type ScrollMove = 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'home' | 'end';

/** The scroll keys, the same in every view. */
export function scrollBindings(help: string): Readonly<Record<ScrollMove, Binding>> {
  return {
    'line-up': { keys: ['Up', 'k'], help },
    'line-down': { keys: ['Down', 'j'], help },
    'page-up': { keys: ['PgUp'], help },
    'page-down': { keys: ['PgDn', 'Space'], help },
    home: { keys: ['Home'], help },
    end: { keys: ['End'], help },
  };
}

/** The entry after `current` in a cycle (`s` through the sort columns, `g` through the groupings). */
export const nextInCycle = <T>(cycle: readonly T[], current: T): T => cycle[(cycle.indexOf(current) + 1) % cycle.length]!;

export const scrollMoves: readonly ScrollMove[] = ['line-up', 'line-down', 'page-up', 'page-down', 'home', 'end'];

/** The first entry on screen after a move, before clamping to the list. */
export function scrollTarget(scroll: number, pageSize: number, length: number, move: ScrollMove): number {
  switch (move) {
    case 'line-up':
      return scroll - 1;
    case 'line-down':
      return scroll + 1;
    case 'page-up':
      return scroll - pageSize;
    case 'page-down':
      return scroll + pageSize;
    case 'home':
      return 0;
    case 'end':
      return length;
  }
}

export interface PromptState {
  readonly filter: string;
  /** The text being typed after `/`, or null when the prompt is closed. Filters as it is typed. */
  readonly draft: string | null;
  readonly help: boolean;
  readonly scroll: number;
}

export type PromptAction =
  | { readonly type: 'filter-open' }
  | { readonly type: 'filter-type'; readonly text: string }
  | { readonly type: 'filter-erase' }
  | { readonly type: 'filter-apply' }
  | { readonly type: 'filter-clear' }
  | { readonly type: 'help' };

/** A prompt edit (from the bindings) as the action that makes it. */
export function promptAction(edit: PromptEdit): PromptAction {
  switch (edit.type) {
    case 'type':
      return { type: 'filter-type', text: edit.text };
    case 'erase':
      return { type: 'filter-erase' };
    case 'apply':
      return { type: 'filter-apply' };
    case 'clear':
      return { type: 'filter-clear' };
  }
}

/** The filter and help actions; `derive` redoes the list where the filter changed, and goes back to the top as the text changes. */
export function promptReducer<S extends PromptState>(state: S, action: PromptAction, derive: (state: S) => S): S {
  switch (action.type) {
    case 'filter-open':
      return { ...state, draft: state.filter, help: false };
    case 'filter-type':
      return state.draft === null ? state : derive({ ...state, draft: state.draft + action.text, scroll: 0 });
    case 'filter-erase':
      return state.draft === null ? state : derive({ ...state, draft: [...state.draft].slice(0, -1).join(''), scroll: 0 });
    case 'filter-apply':
      return state.draft === null ? state : derive({ ...state, filter: state.draft.trim(), draft: null });
    case 'filter-clear':
      return derive({ ...state, filter: '', draft: null, scroll: 0 });
    case 'help':
      return { ...state, help: !state.help };
  }
}
