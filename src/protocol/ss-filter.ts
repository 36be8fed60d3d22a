/**
 * ss's filter expressions (`sport = :8080`, `dst [::1]`, `state established`, joined with and, or,
 * not and parentheses), parsed from the words after netstat's options and applied to Connections,
 * whatever source made them. Pure: services resolve through an injected look-up.
 */
import { UsageError } from '../errors.js';
import type { ServiceLookup } from './address.js';
import { addressToBigint, cidrContains, parseCidr, type Cidr } from './cidr.js';
import { socketStates, type Connection, type SocketState } from './connection.js';

type Compare = '=' | '!=' | '<' | '<=' | '>' | '>=';
type End = 'local' | 'remote';

export type SsFilter =
  | { readonly kind: 'and' | 'or'; readonly left: SsFilter; readonly right: SsFilter }
  | { readonly kind: 'not'; readonly operand: SsFilter }
  | { readonly kind: 'port'; readonly end: End; readonly compare: Compare; readonly port: number }
  | { readonly kind: 'address'; readonly end: End; readonly negate: boolean; readonly network: Cidr | null; readonly port: number | null }
  | { readonly kind: 'state'; readonly states: ReadonlySet<SocketState> };

const compares: Record<string, Compare> = {
  '=': '=', '==': '=', eq: '=',
  '!=': '!=', ne: '!=', neq: '!=',
  '<': '<', lt: '<', '<=': '<=', le: '<=', leq: '<=',
  '>': '>', gt: '>', '>=': '>=', ge: '>=', geq: '>=',
};
const andWords = new Set(['and', '&', '&&']);
const orWords = new Set(['or', '|', '||']);
const notWords = new Set(['not', '!']);

/** ss's state groups (ss(8) STATE-FILTER), beside the single states. */
const stateGroups: Record<string, readonly SocketState[]> = {
  all: socketStates,
  connected: socketStates.filter((s) => s !== 'LISTEN' && s !== 'CLOSE' && s !== 'UNCONN'),
  synchronized: socketStates.filter((s) => s !== 'LISTEN' && s !== 'CLOSE' && s !== 'UNCONN' && s !== 'SYN_SENT'),
  bucket: ['SYN_RECV', 'TIME_WAIT'],
  big: socketStates.filter((s) => s !== 'SYN_RECV' && s !== 'TIME_WAIT'),
  listening: ['LISTEN', 'UNCONN'],
  closed: ['CLOSE', 'UNCONN'],
};

/** `time-wait`, `TIME_WAIT`, `timewait` → TIME_WAIT, as --state reads them. */
const stateKey = (text: string) => text.toUpperCase().replace(/[-_]/g, '');
const statesByKey = new Map(socketStates.map((state) => [stateKey(state), state]));

/** Words as ss reads them: parentheses and operators stand alone even when written against a word (`(sport`, `>=:1024`). */
export function tokenizeSsFilter(words: readonly string[]): string[] {
  return words.flatMap((word) => word.match(/\(|\)|[!=<>]=|==|&&|\|\||[!=<>&|]|[^\s()!=<>&|]+/g) ?? []);
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: readonly string[],
    private readonly lookup: ServiceLookup | undefined,
  ) {}

  /** One line that shows where: the words, the offending one between » «. */
  fail(problem: string, index = this.at): never {
    const shown = this.tokens.map((token, i) => (i === index ? `»${token}«` : token)).join(' ');
    const where = index < this.tokens.length ? `at '${this.tokens[index]}'` : 'at the end';
    throw new UsageError(`bad filter ${where} (${problem}): ${index < this.tokens.length ? shown : `${shown} »«`}`);
  }

  private peek(): string | undefined {
    return this.tokens[this.at]?.toLowerCase();
  }

  parse(): SsFilter {
    const filter = this.or();
    if (this.at < this.tokens.length) this.fail(this.peek() === ')' ? "a ')' without its '('" : 'expected and, or, or the end');
    return filter;
  }

  private or(): SsFilter {
    let left = this.and();
    while (orWords.has(this.peek() ?? '')) {
      this.at++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  /** `a and b`, `a & b`, or `a b` (ss joins juxtaposed conditions with and). */
  private and(): SsFilter {
    let left = this.unary();
    for (;;) {
      const next = this.peek();
      if (next !== undefined && andWords.has(next)) this.at++;
      else if (next === undefined || next === ')' || orWords.has(next)) return left;
      left = { kind: 'and', left, right: this.unary() };
    }
  }

  private unary(): SsFilter {
    const word = this.peek();
    if (word === undefined) this.fail("expected sport, dport, src, dst, state, exclude, not or '('");
    if (notWords.has(word)) {
      this.at++;
      return { kind: 'not', operand: this.unary() };
    }
    if (word === '(') {
      const open = this.at++;
      const inner = this.or();
      if (this.peek() !== ')') this.fail(`the '(' here is not closed`, open);
      this.at++;
      return inner;
    }
    this.at++;
    switch (word) {
      case 'sport':
      case 'dport':
        return this.port(word === 'sport' ? 'local' : 'remote');
      case 'src':
      case 'dst':
        return this.address(word === 'src' ? 'local' : 'remote');
      case 'state':
      case 'exclude': {
        const states = this.states();
        return word === 'state' ? { kind: 'state', states } : { kind: 'not', operand: { kind: 'state', states } };
      }
      default:
        return this.fail("expected sport, dport, src, dst, state, exclude, not or '('", this.at - 1);
    }
  }

  private compare(allowed: readonly Compare[]): Compare | undefined {
    const word = this.peek();
    const compare = word === undefined ? undefined : compares[word];
    if (compare === undefined) return undefined;
    if (!allowed.includes(compare)) this.fail(`'${word}' does not apply here; use = or !=`);
    this.at++;
    return compare;
  }

  private value(what: string): string {
    const word = this.tokens[this.at];
    if (word === undefined || word === '(' || word === ')' || compares[word.toLowerCase()] !== undefined) this.fail(`expected ${what}`);
    this.at++;
    return word;
  }

  private portNumber(text: string, index: number): number {
    if (/^\d+$/.test(text) && Number(text) <= 65535) return Number(text);
    const port = /^[A-Za-z][\w.+-]*$/.test(text) ? this.lookup?.(text.toLowerCase(), 'tcp') : undefined;
    if (port === undefined) this.fail(`'${text}' is not a port number or a known service`, index);
    return port;
  }

  /** `sport = :8080`, `dport >= :1024`, `sport :http` (the comparison defaults to =). */
  private port(end: End): SsFilter {
    const compare = this.compare(['=', '!=', '<', '<=', '>', '>=']) ?? '=';
    const index = this.at;
    const text = this.value('a port, as :8080').replace(/^:/, '');
    return { kind: 'port', end, compare, port: this.portNumber(text, index) };
  }

  /** `src 127.0.0.1`, `dst [::1]:443`, `src 10.0.0.0/8`, `dst *:22`, `src != 127.0.0.1`. */
  private address(end: End): SsFilter {
    const compare = this.compare(['=', '!=']) ?? '=';
    const index = this.at;
    const text = this.value('an address, as 127.0.0.1, [::1]:443 or 10.0.0.0/8');
    const bracket = /^\[([^\]]+)\](?:\/(\d+))?(?::([^:]+))?$/.exec(text);
    let host: string;
    let portText: string | undefined;
    if (bracket) {
      host = bracket[2] === undefined ? bracket[1]! : `${bracket[1]}/${bracket[2]}`;
      portText = bracket[3];
    } else if ((text.match(/:/g) ?? []).length === 1) {
      [host = '', portText] = text.split(':');
    } else {
      host = text;
    }
    let network: Cidr | null = null;
    if (host !== '' && host !== '*') {
      if (addressToBigint(host.split('/')[0]!) === undefined) this.fail(`'${host}' is not an address (names are not looked up: give an address or a prefix)`, index);
      try {
        network = parseCidr(host);
      } catch (error) {
        this.fail((error as Error).message.replace(/^bad CIDR '[^']*': /, ''), index);
      }
    }
    const port = portText === undefined || portText === '*' ? null : this.portNumber(portText, index);
    return { kind: 'address', end, negate: compare === '!=', network, port };
  }

  /** One state or group name after `state`/`exclude`. */
  private states(): ReadonlySet<SocketState> {
    const index = this.at;
    const word = this.value('a state name, as established or listening');
    const group = stateGroups[word.toLowerCase()];
    if (group) return new Set(group);
    const state = statesByKey.get(stateKey(word));
    if (state) return new Set([state]);
    return this.fail(`not a state; states: ${socketStates.map((s) => s.toLowerCase().replace(/_/g, '-')).join(', ')}, or ${Object.keys(stateGroups).join(', ')}`, index);
  }
}

/** The filter the words spell, or null for none; a usage error points at the word it could not read. */
export function parseSsFilter(words: readonly string[], lookup?: ServiceLookup): SsFilter | null {
  const tokens = tokenizeSsFilter(words);
  return tokens.length === 0 ? null : new Parser(tokens, lookup).parse();
}

/** Whether `state`/`exclude` appears: then listening sockets are in question too, as with --state. */
export function mentionsState(filter: SsFilter | null): boolean {
  if (filter === null) return false;
  switch (filter.kind) {
    case 'and':
    case 'or':
      return mentionsState(filter.left) || mentionsState(filter.right);
    case 'not':
      return mentionsState(filter.operand);
    case 'state':
      return true;
    case 'port':
    case 'address':
      return false;
  }
}

function comparePort(actual: number, compare: Compare, wanted: number): boolean {
  switch (compare) {
    case '=':
      return actual === wanted;
    case '!=':
      return actual !== wanted;
    case '<':
      return actual < wanted;
    case '<=':
      return actual <= wanted;
    case '>':
      return actual > wanted;
    case '>=':
      return actual >= wanted;
  }
}

/** Whether a connection passes; port and address conditions hold only for TCP and UDP sockets. */
export function matchesSsFilter(filter: SsFilter, connection: Connection): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesSsFilter(filter.left, connection) && matchesSsFilter(filter.right, connection);
    case 'or':
      return matchesSsFilter(filter.left, connection) || matchesSsFilter(filter.right, connection);
    case 'not':
      return !matchesSsFilter(filter.operand, connection);
    case 'state':
      return filter.states.has(connection.state);
    case 'port':
      return connection.proto !== 'unix' && comparePort(connection[filter.end].port, filter.compare, filter.port);
    case 'address': {
      if (connection.proto === 'unix') return false;
      const end = connection[filter.end];
      const hit = (filter.network === null || cidrContains(filter.network, end.address)) && (filter.port === null || end.port === filter.port);
      return hit !== filter.negate;
    }
  }
}
