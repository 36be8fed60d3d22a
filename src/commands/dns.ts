/** `nettool dns`: asks every question concurrently, prints in argument order; failures exit 1 after the answers. */
import { formatErrorLine, InterruptedError, NetworkError, toNettoolError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { TimeoutError, withDeadline } from '../net/deadline.js';
import { dnsExchange, formatServer, type DnsResult, type DnsServer, type ExchangeOptions } from '../net/dns-exchange.js';
import type { DnsQuestion } from '../protocol/dns-message.js';
import { formatName, formatNsid } from '../protocol/dns-text.js';
import { formatRecordClass, formatRecordType } from '../protocol/dns-types.js';
import {
  compareJson, formatCompare, formatDnsAnswers, formatDnsSections, formatDnsShort, type CompareCell, type CompareRow, type DnsAnswerView,
} from '../render/dns.js';
import { formatJson } from '../render/json.js';
import { readResolvConf } from '../sources/host.js';
import type { SystemAnswer } from '../sources/system-resolver.js';
import { insecureWarning, type CommandContext } from './context.js';
import { planDns, type DnsOptions } from './dns-plan.js';
import { mapLimited } from './map-limited.js';

/** Enough in flight to hide round trips, few enough to be polite to one server. */
const concurrency = 64;

function fromServer(question: DnsQuestion, server: DnsServer, result: DnsResult): DnsAnswerView {
  const { reply } = result;
  return {
    name: formatName(question.name),
    type: formatRecordType(question.type),
    server: formatServer(server),
    protocol: result.transport,
    status: reply.status,
    flags: reply.flags,
    timeMs: Math.round(result.timeMs),
    answers: reply.answers,
    authority: reply.authority,
    additional: reply.additional,
    ...(question.class !== undefined && question.class !== 1 && { class: formatRecordClass(question.class) }),
    ...(reply.edns?.nsid && { nsid: formatNsid(reply.edns.nsid) }),
  };
}

/**
 * getaddrinfo cannot be cancelled and waits on the resolver's own timeouts, so its answer is only
 * waited for as long as --timeout × --retries (the budget one server gets) or until Ctrl-C.
 */
async function fromSystem(question: DnsQuestion, lookup: DnsDependencies['lookupSystem'], options: ExchangeOptions): Promise<DnsAnswerView> {
  const type = formatRecordType(question.type);
  const name = formatName(question.name);
  const budgetMs = options.timeoutMs * options.tries;
  const found = await withDeadline<SystemAnswer>(budgetMs, options.signal, (resolve, reject) => {
    lookup(question.name, question.type === 28 ? 6 : 4).then(resolve, reject);
    return () => {};
  }).catch((error: unknown) => {
    if (error instanceof TimeoutError) throw new NetworkError(`the system resolver gave no answer for ${question.name} within ${budgetMs} ms`);
    throw error;
  });
  return {
    name, type, server: 'system', protocol: 'getaddrinfo', status: found.status, flags: [], timeMs: Math.round(found.timeMs),
    answers: found.addresses.map((data) => ({ name, type, ttl: null, class: 'IN', data })),
    authority: [],
    additional: [],
  };
}

async function askServers(question: DnsQuestion, servers: readonly DnsServer[], options: ExchangeOptions): Promise<DnsAnswerView> {
  let lastError: unknown;
  for (const server of servers) {
    try {
      return fromServer(question, server, await dnsExchange(question, server, options));
    } catch (error) {
      if (options.signal.aborted) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

export interface DnsDependencies {
  readonly resolvConfServers: () => readonly string[];
  readonly lookupSystem: (name: string, family: 4 | 6) => Promise<SystemAnswer>;
}

const realDependencies: DnsDependencies = {
  resolvConfServers: () => readResolvConf().nameservers,
  // node:dns loads only for --system and --compare.
  lookupSystem: async (name, family) => (await import('../sources/system-resolver.js')).lookupSystem(name, family),
};

/** Who answers a column of the output: the system resolver, one server, or resolv.conf's list in turn. */
interface Source {
  readonly label: string;
  readonly ask: (question: DnsQuestion) => Promise<DnsAnswerView | null>;
}

function compareRows(questions: readonly DnsQuestion[], sources: readonly Source[], settled: PromiseSettledResult<DnsAnswerView | null>[]): CompareRow[] {
  return questions.map((question, q) => ({
    name: formatName(question.name),
    type: formatRecordType(question.type),
    cells: sources.map((_, s): CompareCell => {
      const result = settled[q * sources.length + s]!;
      if (result.status === 'rejected') return { kind: 'error', message: toNettoolError(result.reason).message };
      if (!result.value) return { kind: 'not-asked', reason: 'A/AAAA only' };
      return { kind: 'answer', status: result.value.status, data: result.value.answers.map((a) => a.data) };
    }),
  }));
}

export async function runDns(context: CommandContext, words: readonly string[], options: DnsOptions, deps = realDependencies): Promise<number> {
  const plan = planDns(words, options, deps.resolvConfServers);
  const exchange: ExchangeOptions = { ...plan.exchange, signal: context.io.signal };
  if (exchange.tls.insecure) context.status(insecureWarning('the servers asked over TLS or HTTPS'));
  // Transfers and +trace are sequences of exchanges, each its own module, loaded only for them.
  if (plan.transfer) return (await import('./dns-transfer.js')).runTransfer(context, plan, exchange);
  if (plan.trace) return (await import('./dns-trace.js')).runTrace(context, plan, exchange, options.rootHints);

  const sources: Source[] = [];
  if (plan.system || plan.compare) {
    sources.push({ label: 'system', ask: (q) => (q.type === 1 || q.type === 28 ? fromSystem(q, deps.lookupSystem, exchange) : Promise.resolve(null)) });
  }
  if (plan.failover) sources.push({ label: 'resolv.conf', ask: (q) => askServers(q, plan.servers, exchange) });
  else for (const server of plan.servers) sources.push({ label: formatServer(server), ask: (q) => askServers(q, [server], exchange) });
  const jobs = plan.questions.flatMap((question) => sources.map((source) => ({ question, source })));
  const settled = await mapLimited(jobs, concurrency, ({ question, source }) => source.ask(question));
  if (context.io.signal.aborted) throw new InterruptedError();
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [toNettoolError(r.reason)] : []));
  const answered = settled.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));

  let output: string;
  if (plan.compare) {
    const labels = sources.map((source) => source.label);
    const rows = compareRows(plan.questions, sources, settled);
    output = context.json ? formatJson(compareJson(labels, rows)) : formatCompare(labels, rows, context.palette);
  } else if (context.json) output = formatJson(answered);
  else if (plan.short) output = formatDnsShort(answered);
  else if (plan.sections) output = formatDnsSections(answered, plan.sections, context.palette);
  else output = formatDnsAnswers(answered, context.palette);
  await writeWithBackpressure(context.io.stdout, output);

  if (failures.length === 0) return 0;
  // The --compare table already shows each failure in its cell.
  if (plan.compare) return 1;
  if (failures.length === 1 && answered.length === 0) throw failures[0]!;
  for (const failure of failures) context.io.stderr.write(formatErrorLine(failure.message));
  return Math.max(...failures.map((failure) => failure.exitCode));
}
