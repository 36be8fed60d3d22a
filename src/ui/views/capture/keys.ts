/** Every key of the capture --watch view, in one table: the footer and the help overlay are generated from it. Pure; no Ink import. */
import { keyPresses, resolveKey, type KeyPress, type KeyTable } from '../../driver/bindings.js';
import { promptAction, scrollBindings, scrollMoves, type ScrollMove } from '../../driver/list-state.js';
import { captureViewReducer, type CaptureViewAction, type CaptureViewState } from './state.js';

export type CaptureCommand = 'quit' | ScrollMove | 'filter' | 'group' | 'help';

export const captureKeys: KeyTable<CaptureCommand> = {
  quit: { keys: ['q', 'Esc'], help: 'stop capturing and quit, with the counters (Esc first closes the help or clears the filter)', footer: 'quit' },
  ...scrollBindings('scroll the flows a line, a page, to the top or the end'),
  filter: { keys: ['/'], help: 'filter flows by protocol, address, port or process; Enter keeps it, Esc clears it', footer: 'filter' },
  group: { keys: ['g'], help: 'group by process, by remote host, or not: rates and bytes per group', footer: 'group' },
  help: { keys: ['?'], help: 'this help', footer: 'help' },
};

type KeyCommand = Exclude<CaptureViewAction, { type: 'snapshot' | 'resize' }> | { readonly type: 'quit' };

const actions: Readonly<Record<CaptureCommand, KeyCommand>> = {
  quit: { type: 'quit' },
  ...(Object.fromEntries(scrollMoves.map((move) => [move, { type: 'scroll', move }])) as Record<ScrollMove, KeyCommand>),
  filter: { type: 'filter-open' },
  group: { type: 'group-next' },
  help: { type: 'help' },
};

/** The view after some input, and whether it asked to quit; a burst is taken a character at a time. */
export function applyCaptureKey(state: CaptureViewState, input: string, key: KeyPress): { readonly state: CaptureViewState; readonly quit: boolean } {
  let current = state;
  for (const press of keyPresses(input, key)) {
    const result = resolveKey(captureKeys, press.input, press.key, { prompt: current.draft, help: current.help, filter: current.filter });
    if (result === null) continue;
    const command: KeyCommand = result.kind === 'command' ? actions[result.command] : promptAction(result.edit);
    if (command.type === 'quit') return { state: current, quit: true };
    current = captureViewReducer(current, command);
  }
  return { state: current, quit: false };
}
