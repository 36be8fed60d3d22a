/** Every key of the serve --tui view, in one table: the footer and the help overlay are generated from it. Pure; no Ink import. */
import { keyPresses, resolveKey, type KeyPress, type KeyTable } from '../../driver/bindings.js';
import { promptAction, scrollBindings, scrollMoves, type ScrollMove } from '../../driver/list-state.js';
import { serveViewReducer, type ServeViewAction, type ServeViewState } from './state.js';

export type ServeCommand = 'quit' | ScrollMove | 'filter' | 'sort' | 'reverse' | 'help';

export const serveKeys: KeyTable<ServeCommand> = {
  quit: { keys: ['q', 'Esc'], help: 'stop serving and quit, with the summary (Esc first closes the help or clears the filter)', footer: 'quit' },
  ...scrollBindings('scroll the clients a line, a page, to the top or the end'),
  filter: { keys: ['/'], help: 'filter clients by address or port; Enter keeps it, Esc clears it', footer: 'filter' },
  sort: { keys: ['s'], help: 'sort by the next column', footer: 'sort' },
  reverse: { keys: ['r'], help: 'reverse the order', footer: 'reverse' },
  help: { keys: ['?'], help: 'this help', footer: 'help' },
};

type KeyCommand = Exclude<ServeViewAction, { type: 'snapshot' | 'resize' }> | { readonly type: 'quit' };

const actions: Readonly<Record<ServeCommand, KeyCommand>> = {
  quit: { type: 'quit' },
  ...(Object.fromEntries(scrollMoves.map((move) => [move, { type: 'scroll', move }])) as Record<ScrollMove, KeyCommand>),
  filter: { type: 'filter-open' },
  sort: { type: 'sort-next' },
  reverse: { type: 'reverse' },
  help: { type: 'help' },
};

/** The view after some input, and whether it asked to quit; a burst is taken a character at a time. */
export function applyServeKey(state: ServeViewState, input: string, key: KeyPress): { readonly state: ServeViewState; readonly quit: boolean } {
  let current = state;
  for (const press of keyPresses(input, key)) {
    const result = resolveKey(serveKeys, press.input, press.key, { prompt: current.draft, help: current.help, filter: current.filter });
    if (result === null) continue;
    const command: KeyCommand = result.kind === 'command' ? actions[result.command] : promptAction(result.edit);
    if (command.type === 'quit') return { state: current, quit: true };
    current = serveViewReducer(current, command);
  }
  return { state: current, quit: false };
}
