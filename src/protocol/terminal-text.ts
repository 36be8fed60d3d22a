/** Peer text made safe to print on a terminal: control and bidirectional formatting characters escaped. Pure. */

/**
 * C0 controls other than tab, LF and CR; DEL; C1 controls: they move cursors and ring bells on
 * terminals. And the bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069, the marks
 * U+200E/U+200F and U+061C), which reorder what is shown after them (CVE-2021-42574's "Trojan
 * Source"). Anything a peer chose must not do either on our user's terminal.
 */
export const unsafeForTerminal = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const unsafeEverywhere = new RegExp(unsafeForTerminal.source, 'g');

/**
 * Each unsafe character as `\uXXXX`, which reads the same inside a JSON string (so JSON output
 * stays valid and means the same) and in plain text. Tab, LF and CR are left to the caller.
 */
export function escapeForTerminal(text: string): string {
  return unsafeForTerminal.test(text) ? text.replace(unsafeEverywhere, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}
