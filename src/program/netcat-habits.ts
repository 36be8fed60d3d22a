/** The netcat flags telnet, listen and udp share (-v, -n): declared once so they read the same everywhere. */
import type { Command } from 'commander';

const countUp = (_value: string, previous: number | undefined) => (previous ?? 0) + 1;

/** `-v`/`-vv` and `-n`, as nc and ncat users type them. */
export function withNetcatHabits(command: Command): Command {
  return command
    .option('-v, --verbose', "accepted for nc habits (-vv too): nettool's status lines are what nc -v prints, on unless --quiet", countUp)
    .option('-n', 'no name lookups (nc -n): hosts must be IP addresses');
}

/**
 * The warning ncat's manual gives, in the help of every command that can run a program for a peer.
 * `joined` says which connection gets the program; `who` who then drives it.
 */
export function execDanger(joined: string, who: string): string {
  return `
-e and --sh-exec (as ncat): ${joined} its stdin and stdout joined to the socket (stderr stays
ours). The program's end of output ends the connection; the peer's half-close is the program's end
of input; nothing is lost either way (each side waits for the other to read).
Danger: ${who} runs that program with your rights; with a shell (-e /bin/sh, --sh-exec sh) that is
a shell on this host for them.
`;
}

/** -e/--exec and --sh-exec, as ncat spells them. */
export function withExecOptions(command: Command): Command {
  return command
    .option('-e, --exec <command>', 'connect this program (split at spaces, no shell) to the connection, as ncat -e; see the danger below')
    .option('--sh-exec <command>', "run the command with /bin/sh -c and connect it to the connection, as ncat --sh-exec; see the danger below");
}
