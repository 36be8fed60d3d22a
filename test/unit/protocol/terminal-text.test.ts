import { describe, expect, it } from 'vitest';
import { escapeForTerminal } from '../../../src/protocol/terminal-text.js';

describe('escapeForTerminal', () => {
  it.each([
    ['plain text and emoji 😀 stay', 'plain text and emoji 😀 stay'],
    ['tab\tLF\nCR\r are left to the caller', 'tab\tLF\nCR\r are left to the caller'],
    ['RLO \u202e and LRI \u2066 and PDI \u2069', 'RLO \\u202e and LRI \\u2066 and PDI \\u2069'],
    ['marks \u200e\u200f\u061c', 'marks \\u200e\\u200f\\u061c'],
    ['ESC \u001b[2J BEL \u0007 DEL \u007f NEL \u0085 CSI \u009b', 'ESC \\u001b[2J BEL \\u0007 DEL \\u007f NEL \\u0085 CSI \\u009b'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeForTerminal(text)).toBe(escaped);
  });

  it('inside JSON text, the escapes keep it valid and meaning the same', () => {
    const value = 'a\u202eb\u0085c';
    expect(JSON.parse(escapeForTerminal(JSON.stringify(value)))).toBe(value);
  });
});
