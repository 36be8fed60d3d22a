/** What the netcat flags shared by telnet, listen and udp (-v, -n) leave in a command's options. */

export interface NetcatHabitOptions {
  /** -v, -vv: how many times given. nettool's status lines are what nc prints with -v. */
  readonly verbose?: number;
  /** -n: no name lookups, so every host must be an IP address. */
  readonly n?: boolean;
}
