/** `nettool dns NAME +trace`: iterative resolution from the root, each step printed as dig +trace prints it. */
import { readFileSync } from 'node:fs';
import { NetworkError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { dnsExchange, type DnsResult, type ExchangeOptions } from '../net/dns-exchange.js';
import type { DnsQuestion, DnsRecord } from '../protocol/dns-message.js';
import { parseRootHints, RootHintsError, type RootHint } from '../protocol/root-hints.js';
import { formatDigRecord } from '../render/dig-lines.js';
import type { CommandContext } from './context.js';
import type { DnsPlan } from './dns-plan.js';

/** More steps than any real delegation chain has; a loop of referrals ends here. */
const maxSteps = 30;

interface Server {
  readonly name: string;
  readonly address: string;
}

const bare = (name: string) => (name === '.' ? '.' : name.replace(/\.$/, '').toLowerCase());

/** dig's step footer: `;; Received 110 bytes from 127.0.0.2#53(a.root-servers.net) in 0 ms`. */
function received(result: DnsResult, server: Server, port: number): string {
  return `;; Received ${result.size} bytes from ${server.address}#${port}(${server.name}) in ${Math.round(result.timeMs)} ms\n\n`;
}

/** Answer and authority, as dig +trace shows a step (its +trace turns the additional section off). */
function stepLines(result: DnsResult): string {
  return [...result.reply.answers, ...result.reply.authority].map((record) => `${formatDigRecord(record)}\n`).join('');
}

/** The servers a referral names, with the addresses its glue gives. */
function referral(records: readonly DnsRecord[], glue: readonly DnsRecord[]): { zone: string; names: string[]; servers: Server[] } | undefined {
  const ns = records.filter((record) => record.type === 'NS');
  if (ns.length === 0) return undefined;
  const names = ns.map((record) => bare(record.data));
  const servers = names.flatMap((name) =>
    glue.filter((record) => (record.type === 'A' || record.type === 'AAAA') && bare(record.name) === name).map((record) => ({ name, address: record.data })),
  );
  return { zone: bare(ns[0]!.name), names, servers };
}

class Tracer {
  constructor(
    private readonly port: number,
    private readonly exchange: ExchangeOptions,
    private readonly roots: readonly Server[],
  ) {}

  ask(question: DnsQuestion, server: Server, recurse = false): Promise<DnsResult> {
    return dnsExchange(question, { kind: 'inet', host: server.address, port: this.port }, { ...this.exchange, recurse });
  }

  /** An NS name without glue: its address found from the root, quietly (dig asks its resolver instead). */
  async address(name: string, depth: number): Promise<Server | undefined> {
    if (depth > 3) return undefined;
    for (const type of [1, 28]) {
      const records = await this.resolve({ name, type }, depth + 1, async () => {});
      const found = records.find((record) => record.type === (type === 1 ? 'A' : 'AAAA'));
      if (found) return { name, address: found.data };
    }
    return undefined;
  }

  /** Follows referrals from the roots down; `show` gets each step's text. Returns the final answer's records. */
  async resolve(question: DnsQuestion, depth: number, show: (text: string) => Promise<void>): Promise<DnsRecord[]> {
    let servers = this.roots;
    let zone = '.';
    for (let step = 0; step < maxSteps; step++) {
      const server = servers[0];
      if (!server) throw new NetworkError(`${question.name}: no address for any server of ${zone}`);
      const result = await this.ask(question, server);
      await show(stepLines(result) + received(result, server, this.port));
      const { reply } = result;
      if (reply.answers.length > 0 || reply.status !== 'NOERROR') return [...reply.answers];
      const next = referral(reply.authority, reply.additional);
      if (!next) return [];
      // A referral must lead down, to a zone below the one that gave it (RFC 1034 §4.3.2), or it loops.
      if (next.zone === zone || !(zone === '.' || next.zone.endsWith(`.${zone}`))) {
        throw new NetworkError(`${question.name}: ${server.name} (${server.address}) refers to ${next.zone} from ${zone}, not below it`);
      }
      zone = next.zone;
      servers = next.servers;
      if (servers.length === 0) {
        for (const name of next.names) {
          const found = await this.address(name, depth);
          if (found) {
            servers = [found];
            break;
          }
        }
      }
    }
    throw new NetworkError(`${question.name}: more than ${maxSteps} referrals`);
  }
}

/** Root names the @server sent without glue: their addresses asked of the @server itself (dig asks its resolver); the @server where none comes. */
async function rootAddresses(tracer: Tracer, names: readonly string[], first: Server, recurse: boolean): Promise<Server[]> {
  for (const name of names) {
    const result = await tracer.ask({ name, type: 1 }, first, recurse).catch(() => undefined);
    const address = result?.reply.answers.find((record) => record.type === 'A');
    if (address) return [{ name, address: address.data }];
  }
  return [first];
}

function readHints(file: string): RootHint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --root-hints ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const hints = parseRootHints(text);
    if (hints.length === 0) throw new RootHintsError('no root NS with an address');
    return hints;
  } catch (error) {
    if (error instanceof RootHintsError) throw new UsageError(`bad --root-hints ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * As dig +trace: the @server is asked for the root's NS records first (printed as step one), and the
 * roots it names, at the addresses its glue gives, are where resolution starts; with --root-hints the
 * file names them and no @server is needed. Each name is traced in turn. The first server of a
 * referral with an address is asked (dig picks one at random).
 */
export async function runTrace(context: CommandContext, plan: DnsPlan, exchange: ExchangeOptions, rootHints: string | undefined): Promise<number> {
  const write = (text: string) => writeWithBackpressure(context.io.stdout, text);
  for (const question of plan.questions) {
    let roots: Server[];
    let port = 53;
    if (rootHints !== undefined) {
      roots = readHints(rootHints).flatMap((hint) => hint.addresses.map((address) => ({ name: hint.name, address })));
    } else {
      const start = plan.servers[0];
      if (!start || start.kind !== 'inet') throw new UsageError('+trace starts from a root server: name it as @ADDRESS[:PORT], or give --root-hints FILE');
      port = start.port;
      const first: Server = { name: start.host, address: start.host };
      const tracer = new Tracer(port, exchange, [first]);
      const result = await tracer.ask({ name: '.', type: 2 }, first, exchange.recurse);
      await write(stepLines(result) + received(result, first, port));
      const found = referral(result.reply.answers, result.reply.additional);
      roots = found?.servers.length ? found.servers : await rootAddresses(tracer, found?.names ?? [], first, exchange.recurse);
    }
    await new Tracer(port, exchange, roots).resolve(question, 0, write);
  }
  return 0;
}
