/** The netcat flags telnet, listen and udp share (-v, -n): declared once so they read the same everywhere. */
import type { Command } from 'commander';

const countUp = (_value: string, previous: number | undefined) => (previous ?? 0) + 1;

/** `-v`/`-vv` and `-n`, as nc and ncat users type them. */
export function withNetcatHabits(command: Command): Command {
  return command
    .option('-v, --verbose', "accepted for nc habits (-vv too): nettool's status lines are what nc -v prints, on unless --quiet", countUp)
    .option('-n', 'no name lookups (nc -n): hosts must be IP addresses');
}
