/** The one colour palette: decided once from --no-color, NO_COLOR, FORCE_COLOR and isTTY. */

export interface ColorChoice {
  readonly noColorFlag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

/** https://no-color.org and https://force-color.org: FORCE_COLOR wins over isTTY, --no-color over all. */
export function colorLevel({ noColorFlag, env, isTTY }: ColorChoice): 0 | 1 | 2 | 3 {
  if (noColorFlag) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') {
    const n = Number(force);
    return n === 1 || n === 2 || n === 3 ? n : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (force === '0' || force === 'false') return 0;
  if (!isTTY) return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  return env.TERM?.includes('256') ? 2 : 1;
}

/** Named tokens, so every command colours the same thing the same way. */
export interface Palette {
  readonly enabled: boolean;
  readonly heading: (s: string) => string;
  readonly label: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly ok: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly error: (s: string) => string;
  readonly address: (s: string) => string;
  readonly port: (s: string) => string;
  readonly name: (s: string) => string;
  readonly number: (s: string) => string;
  /** One colour per DNS record type or connection state, stable across runs. */
  readonly kind: (kind: string, s: string) => string;
}

const kindColors = ['cyan', 'green', 'yellow', 'magenta', 'blue', 'redBright', 'cyanBright', 'greenBright'] as const;

const plain = (s: string) => s;

/** No colour: every token is the identity, and chalk is never loaded (start-up of piped runs). */
export const plainPalette: Palette = {
  enabled: false,
  heading: plain,
  label: plain,
  dim: plain,
  ok: plain,
  warn: plain,
  error: plain,
  address: plain,
  port: plain,
  name: plain,
  number: plain,
  kind: (_kind, s) => s,
};

export async function createPalette(level: 0 | 1 | 2 | 3): Promise<Palette> {
  if (level === 0) return plainPalette;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level });
  return {
    enabled: level > 0,
    heading: (s) => c.bold(s),
    label: (s) => c.bold.cyan(s),
    dim: (s) => c.dim(s),
    ok: (s) => c.green(s),
    warn: (s) => c.yellow(s),
    error: (s) => c.red(s),
    address: (s) => c.cyan(s),
    port: (s) => c.yellow(s),
    name: (s) => c.bold(s),
    number: (s) => c.magenta(s),
    kind: (kind, s) => {
      let hash = 0;
      for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
      return c[kindColors[hash % kindColors.length]!](s);
    },
  };
}
