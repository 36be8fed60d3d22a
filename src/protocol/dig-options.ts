/** dig's `+word` query options (`+short`, `+noall +answer`, `+time=N`...) read into settings. Pure: words in, settings or a DigOptionError out. */

/** A `+word` that is not one nettool takes, or takes with another value. */
export class DigOptionError extends Error {
  override readonly name = 'DigOptionError';
}

/** The parts of the output dig's `+[no]all`, `+[no]answer`... select. */
export interface DigSections {
  readonly question: boolean;
  readonly answer: boolean;
  readonly authority: boolean;
  readonly additional: boolean;
  /** The header lines (status, flags) and section titles. */
  readonly comments: boolean;
  /** The query line: who answered, over what, how fast. */
  readonly stats: boolean;
}

export interface DigSettings {
  short?: boolean;
  /** `+tcp`/`+vc` → tcp; `+notcp` → back to UDP with TCP on truncation. */
  transport?: 'auto' | 'tcp' | 'tls' | 'https';
  /** `+https=/path`: the DoH path on the @server (dig's default `/dns-query`). */
  httpsPath?: string;
  dnssec?: boolean;
  recurse?: boolean;
  checkingDisabled?: boolean;
  nsid?: boolean;
  trace?: boolean;
  timeSeconds?: number;
  tries?: number;
  bufsize?: number;
  sections?: DigSections;
}

/** What dig shows by default. nettool has no question section by default: `+question` adds it. */
export const defaultSections: DigSections = { question: false, answer: true, authority: true, additional: true, comments: true, stats: true };

const noSections: DigSections = { question: false, answer: false, authority: false, additional: false, comments: false, stats: false };

/** Every word nettool takes, for the message that names one it does not. */
export const digWords = [
  'short', 'tcp', 'vc', 'tls', 'https', 'dnssec', 'recurse', 'rec', 'cd', 'nsid', 'trace', 'all', 'answer', 'authority',
  'additional', 'question', 'comments', 'stats', 'time=N', 'tries=N', 'retry=N', 'bufsize=N',
] as const;

const sectionWords = new Set(['answer', 'authority', 'additional', 'question', 'comments', 'stats']);

function whole(word: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new DigOptionError(`bad dig option '${word}': give a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** Reads `+word`s in order, later ones winning, as dig does; `+noall` clears every section, then `+answer` brings one back. */
export function parseDigOptions(words: readonly string[]): DigSettings {
  const settings: DigSettings = {};
  let sections: DigSections | undefined;
  for (const word of words) {
    const match = /^\+(no)?([a-z]+)(?:=(.*))?$/i.exec(word);
    if (!match) throw new DigOptionError(`unknown dig option '${word}'`);
    const on = match[1] === undefined;
    const name = match[2]!.toLowerCase();
    const value = match[3];
    const plain = () => {
      if (value !== undefined) throw new DigOptionError(`bad dig option '${word}': +${name} takes no value`);
    };
    const valued = () => {
      if (!on) throw new DigOptionError(`bad dig option '${word}': say +${name}=N`);
    };
    switch (name) {
      case 'short': plain(); settings.short = on; break;
      case 'tcp':
      case 'vc': plain(); settings.transport = on ? 'tcp' : 'auto'; break;
      case 'tls': plain(); settings.transport = on ? 'tls' : 'auto'; break;
      case 'https':
        settings.transport = on ? 'https' : 'auto';
        if (on && value !== undefined) {
          if (!value.startsWith('/')) throw new DigOptionError(`bad dig option '${word}': the value is a path, as +https=/dns-query`);
          settings.httpsPath = value;
        }
        break;
      case 'dnssec': plain(); settings.dnssec = on; break;
      case 'recurse':
      case 'rec': plain(); settings.recurse = on; break;
      case 'cd':
      case 'cdflag': plain(); settings.checkingDisabled = on; break;
      case 'nsid': plain(); settings.nsid = on; break;
      case 'trace': plain(); settings.trace = on; break;
      case 'all': plain(); sections = on ? { ...defaultSections, question: true } : noSections; break;
      case 'time': valued(); settings.timeSeconds = whole(word, value, 1, 3600); break;
      case 'tries': valued(); settings.tries = whole(word, value, 1, 20); break;
      // +retry counts the tries after the first (dig(1)).
      case 'retry': valued(); settings.tries = whole(word, value, 0, 19) + 1; break;
      case 'bufsize': valued(); settings.bufsize = whole(word, value, 0, 65535); break;
      default:
        if (!sectionWords.has(name)) throw new DigOptionError(`unknown dig option '${word}'`);
        plain();
        sections = { ...(sections ?? defaultSections), [name]: on };
    }
  }
  if (sections) settings.sections = sections;
  return settings;
}
