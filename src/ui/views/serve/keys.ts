/** Every key of the serve --tui view, in one table: the footer and the help overlay are generated from it. Pure; no Ink import. */
import { keyPresses, resolveKey, type KeyPress, type KeyTable } from '../../driver/bindings.js';
import { serveViewReducer, type ServeViewAction, type ServeViewState } from './state.js';

export type ServeCommand = 'quit' | 'line-up' | 'line-down' | 'page-up' | 'page-down' | 'home' | 'end' | 'filter' | 'sort' | 'reverse' | 'help';

const scroll = 'scroll the clients a line, a page, to the top or the end';

export const serveKeys: KeyTable<ServeCommand> = {
  quit: { keys: ['q', 'Esc'], help: 'stop serving and quit, with the summary (Esc first closes the help or clears the filter)', footer: 'quit' },
  'line-up': { keys: ['Up', 'k'], help: scroll },
  'line-down': { keys: ['Down', 'j'], help: scroll },
  'page-up': { keys: ['PgUp'], help: scroll },
  'page-down': { keys: ['PgDn', 'Space'], help: scroll },
  home: { keys: ['Home'], help: scroll },
  end: { keys: ['End'], help: scroll },
  filter: { keys: ['/'], help: 'filter clients by address or port; Enter keeps it, Esc clears it', footer: 'filter' },
  sort: { keys: ['s'], help: 'sort by the next column', footer: 'sort' },
  reverse: { keys: ['r'], help: 'reverse the order', footer: 'reverse' },
  help: { keys: ['?'], help: 'this help', footer: 'help' },
};

type KeyCommand = Exclude<ServeViewAction, { type: 'snapshot' | 'resize' }> | { readonly type: 'quit' };

const actions: Readonly<Record<ServeCommand, KeyCommand>> = {
  quit: { type: 'quit' },
  'line-up': { type: 'scroll', move: 'line-up' },
  'line-down': { type: 'scroll', move: 'line-down' },
  'page-up': { type: 'scroll', move: 'page-up' },
  'page-down': { type: 'scroll', move: 'page-down' },
  home: { type: 'scroll', move: 'home' },
  end: { type: 'scroll', move: 'end' },
  filter: { type: 'filter-open' },
  sort: { type: 'sort-next' },
  reverse: { type: 'reverse' },
  help: { type: 'help' },
};

const promptActions = { erase: { type: 'filter-erase' }, apply: { type: 'filter-apply' }, clear: { type: 'filter-clear' } } as const;

/** The view after some input, and whether it asked to quit; a burst is taken a character at a time. */
export function applyServeKey(state: ServeViewState, input: string, key: KeyPress): { readonly state: ServeViewState; readonly quit: boolean } {
  let current = state;
  for (const press of keyPresses(input, key)) {
    const result = resolveKey(serveKeys, press.input, press.key, { prompt: current.draft, help: current.help, filter: current.filter });
    if (result === null) continue;
    const command: KeyCommand =
      result.kind === 'command' ? actions[result.command] : result.edit.type === 'type' ? { type: 'filter-type', text: result.edit.text } : promptActions[result.edit.type];
    if (command.type === 'quit') return { state: current, quit: true };
    current = serveViewReducer(current, command);
  }
  return { state: current, quit: false };
}
