/** The interactive line editor as a pure model: keys in, echo and actions out. No terminal, no sockets. */

/** What the editor asks its owner to do, in order. */
export type EditorAction =
  | { readonly kind: 'echo'; readonly text: string }
  /** A finished line (with its newline) or, in character mode, the keys themselves. */
  | { readonly kind: 'send'; readonly text: string }
  /** A finished line typed at the `nettool>` prompt. */
  | { readonly kind: 'command'; readonly text: string }
  | { readonly kind: 'escape' }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'eof' };

export type EditorMode = 'line' | 'character' | 'prompt';

const escapeKey = '\u001d'; // Ctrl-]
const ctrlC = '\u0003';
const ctrlD = '\u0004';
const ctrlU = '\u0015';
const ctrlW = '\u0017';
const backspaces = new Set(['\u007f', '\b']);

export class LineEditor {
  private line = '';
  /** Inside an escape sequence (arrow keys): swallowed, since the line has no cursor movement. */
  private escapeSequence = '';
  mode: EditorMode = 'line';

  get pending(): string {
    return this.line;
  }

  /** Feeds typed text (already decoded from UTF-8); returns what to do. */
  feed(text: string): EditorAction[] {
    const actions: EditorAction[] = [];
    for (const key of text) this.key(key, actions);
    return actions;
  }

  private key(key: string, actions: EditorAction[]): void {
    if (this.escapeSequence) {
      this.escapeSequence += key;
      // CSI ... final byte (0x40-0x7e), or ESC O x (SS3) for some terminals' arrows.
      const done = this.escapeSequence.length > 2 && /[\u0040-\u007e]$/.test(key);
      if (done || this.escapeSequence.length > 16) this.escapeSequence = '';
      return;
    }
    if (key === escapeKey) {
      this.line = '';
      actions.push({ kind: 'escape' });
      return;
    }
    if (this.mode === 'character') {
      // The server echoes and edits (RFC 857): every key goes at once; Enter is a newline.
      actions.push({ kind: 'send', text: key === '\r' ? '\n' : key });
      return;
    }
    switch (key) {
      case '\r':
      case '\n': {
        const line = this.line;
        this.line = '';
        actions.push({ kind: 'echo', text: '\r\n' });
        actions.push(this.mode === 'prompt' ? { kind: 'command', text: line } : { kind: 'send', text: `${line}\n` });
        return;
      }
      case ctrlC:
        this.line = '';
        actions.push({ kind: 'echo', text: '^C\r\n' }, { kind: 'interrupt' });
        return;
      case ctrlD:
        // As a terminal's cooked mode: end of input on an empty line, else send what is there.
        if (this.line === '') actions.push({ kind: 'eof' });
        else if (this.mode === 'line') {
          actions.push({ kind: 'send', text: this.line });
          this.line = '';
        }
        return;
      case ctrlU:
        actions.push({ kind: 'echo', text: '\b \b'.repeat([...this.line].length) });
        this.line = '';
        return;
      case ctrlW: {
        const kept = this.line.replace(/\S+\s*$/, '');
        actions.push({ kind: 'echo', text: '\b \b'.repeat([...this.line].length - [...kept].length) });
        this.line = kept;
        return;
      }
      case '\u001b':
        this.escapeSequence = key;
        return;
    }
    if (backspaces.has(key)) {
      if (this.line === '') return;
      this.line = [...this.line].slice(0, -1).join('');
      actions.push({ kind: 'echo', text: '\b \b' });
      return;
    }
    // Other control characters would move the terminal's cursor behind the editor's back.
    if (key < ' ') return;
    this.line += key;
    actions.push({ kind: 'echo', text: key });
  }
}

const sendEscapes: Record<string, number> = { r: 13, n: 10, t: 9, '\\': 92 };

/** The text of `send TEXT` as bytes, with C-style escapes (\r \n \t \\ \xHH) so control bytes can be typed. */
export function parseSendText(text: string): Uint8Array {
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of text.matchAll(/\\(x[0-9a-fA-F]{2}|[rnt\\])/g)) {
    parts.push(Buffer.from(text.slice(last, match.index)));
    const code = match[1]!;
    parts.push(Buffer.of(code.startsWith('x') ? Number.parseInt(code.slice(1), 16) : sendEscapes[code]!));
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last)));
  return Buffer.concat(parts);
}
