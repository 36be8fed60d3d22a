/** Every key of the netstat live view, in one table: the footer and the help overlay are generated from it. Pure; no Ink import. */
import { keyPresses, resolveKey, type KeyPress, type KeyTable } from '../../driver/bindings.js';
import { promptAction, scrollBindings, scrollMoves, type ScrollMove } from '../../driver/list-state.js';
import { viewReducer, type ViewAction, type ViewState } from './state.js';

export type NetstatCommand =
  | 'quit'
  | ScrollMove
  | 'filter'
  | 'sort'
  | 'reverse'
  | 'tcp'
  | 'udp'
  | 'listening'
  | 'pause'
  | 'group'
  | 'help';

export const netstatKeys: KeyTable<NetstatCommand> = {
  quit: { keys: ['q', 'Esc'], help: 'quit (Esc first closes the help or clears the filter)', footer: 'quit' },
  ...scrollBindings('scroll a line, a page, to the top or the end'),
  filter: { keys: ['/'], help: 'filter: ports (443, :443, https), addresses, programs, PIDs; Enter keeps it, Esc clears it', footer: 'filter' },
  sort: { keys: ['s'], help: 'sort by the next column', footer: 'sort' },
  reverse: { keys: ['r'], help: 'reverse the order', footer: 'reverse' },
  tcp: { keys: ['t'], help: 'TCP only (as -t); again for every protocol', footer: 'tcp' },
  udp: { keys: ['u'], help: 'UDP only (as -u); again for every protocol', footer: 'udp' },
  listening: { keys: ['l'], help: 'listening sockets: hidden, shown too, only', footer: 'listening' },
  pause: { keys: ['p'], help: 'pause and resume the refreshes', footer: 'pause' },
  group: { keys: ['g'], help: 'group by process, by remote host, or not: sockets, states and rates per group', footer: 'group' },
  help: { keys: ['?'], help: 'this help', footer: 'help' },
};

export type KeyCommand = ViewAction | { readonly type: 'quit' };

const actions: Readonly<Record<NetstatCommand, KeyCommand>> = {
  quit: { type: 'quit' },
  ...(Object.fromEntries(scrollMoves.map((move) => [move, { type: 'scroll', move }])) as Record<ScrollMove, KeyCommand>),
  filter: { type: 'filter-open' },
  sort: { type: 'sort-next' },
  reverse: { type: 'reverse' },
  tcp: { type: 'toggle-tcp' },
  udp: { type: 'toggle-udp' },
  listening: { type: 'toggle-listening' },
  pause: { type: 'pause' },
  group: { type: 'group' },
  help: { type: 'help' },
};

/** What a key does in this state, or null when it does nothing. */
export function commandForKey(input: string, key: KeyPress, state: Pick<ViewState, 'draft' | 'help' | 'filter'>): KeyCommand | null {
  const result = resolveKey(netstatKeys, input, key, { prompt: state.draft, help: state.help, filter: state.filter });
  if (result === null) return null;
  return result.kind === 'command' ? actions[result.command] : promptAction(result.edit);
}

/** The view after some input, and whether it asked to quit; a burst is taken a character at a time. */
export function applyKey(state: ViewState, input: string, key: KeyPress): { readonly state: ViewState; readonly quit: boolean } {
  let current = state;
  for (const press of keyPresses(input, key)) {
    const command = commandForKey(press.input, press.key, current);
    if (command === null) continue;
    if (command.type === 'quit') return { state: current, quit: true };
    current = viewReducer(current, command);
  }
  return { state: current, quit: false };
}
