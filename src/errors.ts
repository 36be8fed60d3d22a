/** Exit codes and the one error type commands throw. Never calls process.exit: only cli.ts exits. */

export const ExitCode = {
  Ok: 0,
  /** The network said no: refused, unreachable, timed out, no answer, reset. */
  Network: 1,
  /** The user asked for something malformed: unknown option, bad port, bad address. */
  Usage: 2,
  /** Ctrl-C in a one-shot command (128 + SIGINT). */
  Interrupted: 130,
  /** SIGTERM in a one-shot command (128 + SIGTERM), as a shell reports a terminated process. */
  Terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: `message` is printed as `nettool: <message>`, one line. */
export class NettoolError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Network,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NettoolError';
  }
}

export class UsageError extends NettoolError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Usage, options);
    this.name = 'UsageError';
  }
}

export class NetworkError extends NettoolError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Network, options);
    this.name = 'NetworkError';
  }
}

export class InterruptedError extends NettoolError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.Interrupted);
    this.name = 'InterruptedError';
  }
}

const errnoWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'name not found',
  EAI_AGAIN: 'name lookup failed temporarily',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this host',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file',
  EPIPE: 'broken pipe',
};

/**
 * OpenSSL's `<id>:error:<code>:<library>:<function>:<reason>:<file>:<line>:` plus a newline, as Node
 * passes it on: only the reason is news to a user, and an error is one line.
 */
const opensslError = /(?:[0-9A-F]+:)?error:[0-9A-F]{8}:[^:\n]*:[^:\n]*:([^:\n]+)(?::[^\s]*)?/g;

/** `connect ECONNREFUSED 127.0.0.1:9 (connection refused)`: Node's words plus plain ones, on one line. */
export function describeSystemError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  let base = (e instanceof Error ? e.message : String(error)).replace(opensslError, '$1').replace(/\s*\n\s*/g, ' ').trim();
  // Node writes an IPv6 peer as `::1:9`; brackets keep the port apart, as formatHostPort does.
  const peer = e as { address?: unknown; port?: unknown };
  if (typeof peer?.address === 'string' && peer.address.includes(':') && typeof peer.port === 'number') {
    base = base.replace(`${peer.address}:${peer.port}`, `[${peer.address}]:${peer.port}`);
  }
  const words = code ? errnoWords[code] : undefined;
  return words && !base.includes(words) ? `${base} (${words})` : base;
}

/**
 * `nettool: <message>` plus a newline: one line whatever a peer put into the message (a fault
 * string, an HTTP reason), and no control or bidirectional formatting character reaches the terminal raw.
 */
export function formatErrorLine(message: string): string {
  const oneLine = message.replace(/\s*[\r\n]+\s*/g, ' ');
  const controlsEscaped = oneLine.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  // The bidirectional formatting characters reorder what follows them on the line (CVE-2021-42574).
  return `nettool: ${controlsEscaped.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** Turns any thrown value into a NettoolError; a system error is a network failure. */
export function toNettoolError(error: unknown): NettoolError {
  if (error instanceof NettoolError) return error;
  return new NettoolError(describeSystemError(error), ExitCode.Network, { cause: error });
}
