/** A real pseudo-terminal for interactive tests: a private tmux server running one command. */
import { execFileSync } from 'node:child_process';
import { requirePeer } from './peers.js';

export interface TmuxPane {
  /** tmux key names or literal text (`'hello'`, `'Enter'`, `'C-]'`). */
  keys(...keys: string[]): void;
  screen(): string;
  /** Polls the screen until `pattern` shows; rejects past the deadline with what was there. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

let counter = 0;

/** Runs `command` (a shell line) in a detached pane (120x30 unless told); afterwards the pane shows `EXIT=<code>` and the tty's icanon state. */
export function startTmux(command: string, size: { readonly columns: number; readonly rows: number } = { columns: 120, rows: 30 }): TmuxPane {
  const tmux = requirePeer('tmux', 'tmux');
  const socket = `nettool-test-${process.pid}-${++counter}`;
  const run = (...args: string[]) => execFileSync(tmux, ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  run('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), `${command}; echo EXIT=$?; stty -a | grep -o -- '-\\?icanon '; sleep 60`);
  const screen = () => run('capture-pane', '-p', '-J');
  return {
    keys: (...keys) => void run('send-keys', ...keys),
    screen,
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`did not see ${pattern} on the terminal; it shows:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    kill: () => {
      try {
        run('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
}
