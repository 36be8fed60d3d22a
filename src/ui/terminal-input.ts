/**
 * Keyboard input for an interactive session: raw mode, the line editor, and the Ctrl-] `nettool>`
 * prompt. A ByteSource of typed lines; the terminal is restored however the session ends.
 */
import type { Readable, Writable } from 'node:stream';
import type { ByteSource, Chunk } from '../net/byte-source.js';
import { LineEditor, parseSendText, type EditorAction } from './line-editor.js';

/** What the prompt's commands act on: the live connection. */
export interface SessionControls {
  /** `send <text>`: bytes to the peer, through the session's encoding. */
  send(bytes: Uint8Array): void;
  /** Ctrl-C in line mode (telnet: IAC IP; raw: the caller ends the session). */
  interrupt(): void;
  /** `close`/`quit`: close the connection and end the session normally. */
  close(): void;
  /** `status`: one or more lines describing the connection. */
  status(): string;
}

export const promptHelp = [
  'close        close the connection (telnet then exits)',
  'quit         close it and exit (listen -k stops listening too)',
  'status       where we are connected and how many bytes moved',
  'send TEXT    send TEXT now (\\r \\n \\t \\\\ and \\xHH escapes; no newline added)',
  'help         this list',
  '(Enter on an empty line goes back to the session)',
].join('\r\n');

const release = () => {};

export class TerminalInput implements ByteSource {
  readonly bounded = false;
  readonly editor = new LineEditor();
  /** `quit` was typed at the prompt: the whole command should end, not only this connection. */
  quitRequested = false;
  private readonly lines: Uint8Array[] = [];
  private waiting: ((chunk: Chunk | null) => void) | undefined;
  private pending: Promise<Chunk | null> | undefined;
  private ended = false;
  private controls: SessionControls | undefined;
  // One key at a time: a key's action (Ctrl-] opening the prompt) must take effect before the next key.
  private readonly onData = (text: string) => {
    for (const key of text) this.handle(this.editor.feed(key));
  };
  private restored = false;
  private readonly restoreOnExit = () => this.restore();

  constructor(
    private readonly stdin: Readable & { setRawMode?: (mode: boolean) => unknown },
    private readonly stdout: Writable,
  ) {
    stdin.setRawMode?.(true);
    process.once('exit', this.restoreOnExit);
    stdin.setEncoding('utf8');
    stdin.on('data', this.onData);
  }

  /** A note for the person at the terminal (not data: it goes to the screen, never to the peer). */
  say(text: string): void {
    this.stdout.write(`${text}\r\n`);
  }

  attach(controls: SessionControls): void {
    this.controls = controls;
  }

  /** Line mode (local echo and editing) or character mode (the server echoes: RFC 857). */
  setCharacterMode(on: boolean): void {
    if (this.editor.mode !== 'prompt') this.editor.mode = on ? 'character' : 'line';
    this.characterMode = on;
  }
  private characterMode = false;

  next(): Promise<Chunk | null> {
    this.pending ??= new Promise((resolve) => {
      const line = this.lines.shift();
      if (line) resolve({ bytes: line, release });
      else if (this.ended) resolve(null);
      else this.waiting = resolve;
    });
    return this.pending;
  }

  poll(): undefined {
    return undefined;
  }

  consume(): void {
    this.pending = undefined;
  }

  close(): void {
    this.restore();
  }

  /** Leaves raw mode and stops reading; safe to call more than once. */
  restore(): void {
    if (this.restored) return;
    this.restored = true;
    this.stdin.off('data', this.onData);
    this.stdin.setRawMode?.(false);
    this.stdin.pause();
    process.off('exit', this.restoreOnExit);
  }

  private push(bytes: Uint8Array | null): void {
    if (bytes === null) this.ended = true;
    else this.lines.push(bytes);
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    const line = this.lines.shift();
    waiting(line ? { bytes: line, release } : null);
  }

  private handle(actions: readonly EditorAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'echo':
          this.stdout.write(action.text);
          break;
        case 'send':
          if (!this.ended) this.push(Buffer.from(action.text));
          break;
        case 'eof':
          if (!this.ended) {
            this.push(null);
            this.stdout.write('(end of input sent; waiting for the peer to close; Ctrl-] for the prompt)\r\n');
          }
          break;
        case 'interrupt':
          this.controls?.interrupt();
          break;
        case 'escape':
          this.editor.mode = 'prompt';
          this.stdout.write('\r\nnettool> ');
          break;
        case 'command':
          this.command(action.text.trim());
          break;
      }
    }
  }

  private command(text: string): void {
    const name = text.split(/\s+/)[0] ?? '';
    const resume = () => {
      this.editor.mode = this.characterMode ? 'character' : 'line';
    };
    switch (name) {
      case '':
        resume();
        return;
      case 'close':
      case 'quit':
        // `quit` also stops a `listen -k`; for telnet the two are the same.
        this.quitRequested = name === 'quit';
        resume();
        this.controls?.close();
        return;
      case 'status':
        this.stdout.write(`${this.controls?.status() ?? 'not connected'}\r\n`);
        break;
      case 'send':
        this.controls?.send(parseSendText(text.slice('send'.length).replace(/^\s/, '')));
        resume();
        return;
      case 'help':
      case '?':
        this.stdout.write(`${promptHelp}\r\n`);
        break;
      default:
        this.stdout.write(`?unknown command '${name}'; try help\r\n`);
    }
    this.stdout.write('nettool> ');
  }
}
