/** What every command receives: the process edges, the global choices, and the palette. */
import type { Io } from '../io.js';
import type { Palette } from '../render/palette.js';

export interface CommandContext {
  readonly io: Io;
  /** --json: machine-readable output (one document, or JSON Lines for streams). */
  readonly json: boolean;
  /** -q/--quiet: no status lines on stderr. */
  readonly quiet: boolean;
  readonly palette: Palette;
  /** Writes one status line to stderr unless --quiet. Data never goes here. */
  readonly status: (line: string) => void;
}

/**
 * The status line every TLS client prints for --insecure. A status line like the rest: --quiet
 * silences it, since whoever passes both has been told by the flag's own name.
 */
export function insecureWarning(peer: string): string {
  return `warning: --insecure: the certificate and name of ${peer} are not verified`;
}

/** A command's result: an exit code, or nothing for success. Failures are thrown as NettoolError. */
export type CommandResult = number | void;
