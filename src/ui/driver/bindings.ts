/** Key bindings as one exhaustive table per view: a key press resolves through it, and the footer and help are generated from it. Pure; no Ink import. */
import { displayWidth } from '../../render/width.js';

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

export type SpecialKey = 'Esc' | 'Enter' | 'Up' | 'Down' | 'PgUp' | 'PgDn' | 'Home' | 'End' | 'Space' | 'Ctrl-C';
/** A special key, or one printable character (`q`, `/`, `?`). */
export type KeyName = SpecialKey | (string & {});

/** How the help and footer spell a key. */
const shown: Readonly<Record<SpecialKey, string>> = {
  Esc: 'Esc',
  Enter: 'Enter',
  Up: '↑',
  Down: '↓',
  PgUp: 'PgUp',
  PgDn: 'PgDn',
  Home: 'Home',
  End: 'End',
  Space: 'Space',
  'Ctrl-C': 'Ctrl-C',
};

export const keyLabel = (name: KeyName): string => (name in shown ? shown[name as SpecialKey] : name);

export interface Binding {
  readonly keys: readonly KeyName[];
  /** The help line; neighbouring bindings with the same text share one line (the scroll keys). */
  readonly help: string;
  /** The footer's word for it, when it earns a place there (in table order, first kept first). */
  readonly footer?: string;
}

/** Every command of a view with its keys: `Record` makes a command without a binding a compile error. */
export type KeyTable<Command extends string> = Readonly<Record<Command, Binding>>;

/** The commands the driver itself relies on: every view quits and has help. */
export type BaseCommand = 'quit' | 'help';

/** The name of the key pressed, or null for one nothing can be bound to. */
export function keyName(input: string, key: KeyPress): KeyName | null {
  if (key.ctrl && input === 'c') return 'Ctrl-C';
  if (key.escape) return 'Esc';
  if (key.return) return 'Enter';
  if (key.upArrow) return 'Up';
  if (key.downArrow) return 'Down';
  if (key.pageUp) return 'PgUp';
  if (key.pageDown) return 'PgDn';
  if (key.home) return 'Home';
  if (key.end) return 'End';
  if (input === ' ') return 'Space';
  if (key.ctrl || key.meta || key.tab || key.backspace || key.delete) return null;
  return [...input].length === 1 ? input : null;
}

const indexes = new WeakMap<object, Map<KeyName, string>>();

/** The command bound to a key name (the first in table order), or null. */
export function boundCommand<Command extends string>(table: KeyTable<Command>, name: KeyName): Command | null {
  let index = indexes.get(table);
  if (!index) {
    index = new Map();
    for (const [command, binding] of Object.entries(table) as [Command, Binding][]) {
      for (const key of binding.keys) if (!index.has(key)) index.set(key, command);
    }
    indexes.set(table, index);
  }
  return (index.get(name) as Command | undefined) ?? null;
}

/** What a key does to an open prompt (the `/` filter): printable text is typed, Enter keeps, Esc clears. */
export type PromptEdit = { readonly type: 'type'; readonly text: string } | { readonly type: 'erase' } | { readonly type: 'apply' } | { readonly type: 'clear' };

export function promptEdit(input: string, key: KeyPress): PromptEdit | null {
  if (key.return) return { type: 'apply' };
  if (key.escape) return { type: 'clear' };
  if (key.backspace || key.delete) return { type: 'erase' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow) return null;
  // Control characters never belong in a filter (a paste may carry a newline).
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? null : { type: 'type', text };
}

/** What the keys must know of a view's state: an open prompt, the help, an applied filter. */
export interface KeyMode {
  readonly prompt: string | null;
  readonly help: boolean;
  readonly filter: string;
}

export type KeyResult<Command extends string> = { readonly kind: 'command'; readonly command: Command } | { readonly kind: 'prompt'; readonly edit: PromptEdit };

/**
 * What a key does in this mode, or null. Ctrl-C always quits; a prompt takes every other key; Esc
 * first closes the help, then clears an applied filter (kinder than quitting on a habit), and only
 * then does what it is bound to.
 */
export function resolveKey<Command extends string>(table: KeyTable<Command | BaseCommand>, input: string, key: KeyPress, mode: KeyMode): KeyResult<Command | BaseCommand> | null {
  if (key.ctrl && input === 'c') return { kind: 'command', command: 'quit' };
  if (mode.prompt !== null) {
    const edit = promptEdit(input, key);
    return edit ? { kind: 'prompt', edit } : null;
  }
  const name = keyName(input, key);
  if (name === null) return null;
  if (name === 'Esc' && mode.help) return { kind: 'command', command: 'help' };
  if (name === 'Esc' && mode.filter !== '') return { kind: 'prompt', edit: { type: 'clear' } };
  const command = boundCommand(table, name);
  return command === null ? null : { kind: 'command', command };
}

/** One character of a burst as the key it stands for. */
function keyOf(char: string): { readonly input: string; readonly key: KeyPress } {
  if (char === '\r' || char === '\n') return { input: char, key: { ...plainKey, return: true } };
  if (char === '\u007f' || char === '\b') return { input: '', key: { ...plainKey, backspace: true } };
  if (char === '\t') return { input: '', key: { ...plainKey, tab: true } };
  return { input: char, key: plainKey };
}

/**
 * A terminal hands over a burst of typing (a paste, tmux send-keys) as one string; it is taken a
 * character at a time, each against the newest state, so `/443⏎` opens the filter, types and applies.
 */
export function keyPresses(input: string, key: KeyPress): readonly { readonly input: string; readonly key: KeyPress }[] {
  const chars = [...input];
  return chars.length > 1 && !key.ctrl && !key.meta && !key.escape ? chars.map(keyOf) : [{ input, key }];
}

/** The help overlay's lines: keys, then what they do, wrapped at words to `width`. */
export function helpLines<Command extends string>(table: KeyTable<Command>, width: number): string[] {
  const merged: { keys: string[]; help: string }[] = [];
  for (const binding of Object.values(table) as Binding[]) {
    const last = merged.at(-1);
    const keys = binding.keys.map(keyLabel);
    if (last && last.help === binding.help) last.keys.push(...keys);
    else merged.push({ keys, help: binding.help });
  }
  const entries = merged.map((entry) => ({ keys: entry.keys.join(' '), help: entry.help }));
  const keyWidth = Math.min(Math.max(...entries.map((entry) => displayWidth(entry.keys))), Math.floor(width / 3));
  const lines: string[] = [];
  for (const entry of entries) {
    // Keys wider than a third of the line get a line of their own.
    const ownLine = displayWidth(entry.keys) > keyWidth;
    const indent = ownLine ? 6 : 2 + keyWidth + 2;
    const words = wrapWords(entry.help, Math.max(10, width - indent));
    if (ownLine) lines.push(`  ${entry.keys}`);
    words.forEach((text, index) => {
      const lead = index === 0 && !ownLine ? `  ${entry.keys}${' '.repeat(keyWidth - displayWidth(entry.keys))}  ` : ' '.repeat(indent);
      lines.push(lead + text);
    });
  }
  return lines;
}

/** Text broken into lines of at most `width` columns at spaces; a word longer than that stands alone. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A footer hint: the key as shown and its word. */
export interface FooterHint {
  readonly key: string;
  readonly word: string;
}

/**
 * The footer's hints that fit in `width` after `reserved` columns, in table order, always keeping
 * the last one (help): whole hints are left out, never cut mid-word.
 */
export function footerHints<Command extends string>(table: KeyTable<Command>, width: number, reserved = 0): FooterHint[] {
  const all = (Object.values(table) as Binding[]).filter((b) => b.footer !== undefined).map((b) => ({ key: keyLabel(b.keys[0]!), word: b.footer! }));
  const size = (hint: FooterHint) => displayWidth(hint.key) + 1 + displayWidth(hint.word);
  const gap = 2;
  const last = all.at(-1);
  let used = reserved + (last ? size(last) : 0);
  const kept: FooterHint[] = [];
  for (const hint of all.slice(0, -1)) {
    if (used + gap + size(hint) > width) continue;
    used += gap + size(hint);
    kept.push(hint);
  }
  return last ? [...kept, last] : kept;
}
