/** Every key of the netstat live view, in one table: the footer and the help overlay are generated from it. Pure; no Ink import. */
import { keyPresses, resolveKey, type KeyPress, type KeyTable } from '../../driver/bindings.js';
import { viewReducer, type ViewAction, type ViewState } from './state.js';

export type NetstatCommand =
  | 'quit'
  | 'line-up'
  | 'line-down'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'filter'
  | 'sort'
  | 'reverse'
  | 'tcp'
  | 'udp'
  | 'listening'
  | 'pause'
  | 'group'
  | 'help';

const scroll = 'scroll a line, a page, to the top or the end';

export const netstatKeys: KeyTable<NetstatCommand> = {
  quit: { keys: ['q', 'Esc'], help: 'quit (Esc first closes the help or clears the filter)', footer: 'quit' },
  'line-up': { keys: ['Up', 'k'], help: scroll },
  'line-down': { keys: ['Down', 'j'], help: scroll },
  'page-up': { keys: ['PgUp'], help: scroll },
  'page-down': { keys: ['PgDn', 'Space'], help: scroll },
  home: { keys: ['Home'], help: scroll },
  end: { keys: ['End'], help: scroll },
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
  'line-up': { type: 'scroll', move: 'line-up' },
  'line-down': { type: 'scroll', move: 'line-down' },
  'page-up': { type: 'scroll', move: 'page-up' },
  'page-down': { type: 'scroll', move: 'page-down' },
  home: { type: 'scroll', move: 'home' },
  end: { type: 'scroll', move: 'end' },
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

const promptActions = { type: { type: 'filter-type' }, erase: { type: 'filter-erase' }, apply: { type: 'filter-apply' }, clear: { type: 'filter-clear' } } as const;

/** What a key does in this state, or null when it does nothing. */
export function commandForKey(input: string, key: KeyPress, state: Pick<ViewState, 'draft' | 'help' | 'filter'>): KeyCommand | null {
  const result = resolveKey(netstatKeys, input, key, { prompt: state.draft, help: state.help, filter: state.filter });
  if (result === null) return null;
  if (result.kind === 'command') return actions[result.command];
  const edit = result.edit;
  return edit.type === 'type' ? { type: 'filter-type', text: edit.text } : promptActions[edit.type];
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
