import { describe, expect, it } from 'vitest';
import { LineEditor, parseSendText, type EditorAction } from '../../../src/ui/line-editor.js';

const sends = (actions: EditorAction[]) => actions.filter((a) => a.kind === 'send').map((a) => (a as { text: string }).text);
const echoes = (actions: EditorAction[]) => actions.filter((a) => a.kind === 'echo').map((a) => (a as { text: string }).text).join('');

describe('LineEditor', () => {
  it('echoes locally and sends a whole line on Enter', () => {
    const editor = new LineEditor();
    const actions = editor.feed('hi\r');
    expect(echoes(actions)).toBe('hi\r\n');
    expect(sends(actions)).toEqual(['hi\n']);
  });

  it('edits: Backspace, Ctrl-U, Ctrl-W; arrow keys are swallowed', () => {
    const editor = new LineEditor();
    expect(sends(editor.feed('helo\u007flo\r'))).toEqual(['hello\n']);
    expect(sends(editor.feed('junk\u0015ok\r'))).toEqual(['ok\n']);
    expect(sends(editor.feed('one two\u0017three\r'))).toEqual(['one three\n']);
    expect(sends(editor.feed('a\u001b[Db\r'))).toEqual(['ab\n']);
    expect(sends(editor.feed('é\u007fe\r'))).toEqual(['e\n']);
  });

  it('Ctrl-D ends input on an empty line, sends the partial line otherwise', () => {
    const editor = new LineEditor();
    expect(editor.feed('\u0004')).toEqual([{ kind: 'eof' }]);
    expect(sends(editor.feed('abc\u0004'))).toEqual(['abc']);
  });

  it('Ctrl-C drops the line and interrupts; Ctrl-] escapes', () => {
    const editor = new LineEditor();
    const actions = editor.feed('abc\u0003');
    expect(actions.at(-1)).toEqual({ kind: 'interrupt' });
    expect(editor.pending).toBe('');
    expect(editor.feed('x\u001d')).toEqual([{ kind: 'echo', text: 'x' }, { kind: 'escape' }]);
  });

  it('in character mode sends every key at once, without echo', () => {
    const editor = new LineEditor();
    editor.mode = 'character';
    const actions = editor.feed('ls\r\u0003');
    expect(echoes(actions)).toBe('');
    expect(sends(actions)).toEqual(['l', 's', '\n', '\u0003']);
  });

  it('at the prompt, a line is a command', () => {
    const editor = new LineEditor();
    editor.mode = 'prompt';
    expect(editor.feed('status\r').at(-1)).toEqual({ kind: 'command', text: 'status' });
  });
});

describe('parseSendText', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\r\\n', 'a\r\n'],
    ['\\x00\\xff', '\x00\xff'],
    ['back\\\\slash', 'back\\slash'],
    ['\\q stays', '\\q stays'],
  ])('%j', (input, bytes) => {
    expect(Buffer.from(parseSendText(input)).toString('latin1')).toBe(bytes);
  });
});
