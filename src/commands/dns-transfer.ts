/** `nettool dns ZONE AXFR` / `IXFR=serial`: each zone from each server over TCP, records printed as dig prints them while they arrive. */
import { performance } from 'node:perf_hooks';
import { NetworkError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { describeQuery, failure, formatServer, type ExchangeOptions } from '../net/dns-exchange.js';
import { TransferRefusedError, zoneTransfer } from '../net/dns-transfer.js';
import type { DnsQuestion, DnsRecord } from '../protocol/dns-message.js';
import { formatName } from '../protocol/dns-text.js';
import { formatRecordType } from '../protocol/dns-types.js';
import { formatDigRecord } from '../render/dig-lines.js';
import { formatJson } from '../render/json.js';
import type { CommandContext } from './context.js';
import type { DnsPlan } from './dns-plan.js';

interface Tally {
  records: number;
  messages: number;
  /** As dig counts them: each message with its 2-byte length. */
  bytes: number;
  timeMs: number;
}

/** dig's closing lines for a transfer (its WHEN line, a wall-clock time, is left out). */
function trailer(server: { host: string; port: number }, tally: Tally): string {
  return [
    `;; Query time: ${Math.round(tally.timeMs)} msec`,
    `;; SERVER: ${server.host}#${server.port}(${server.host}) (TCP)`,
    `;; XFR size: ${tally.records} records (messages ${tally.messages}, bytes ${tally.bytes})`,
    '',
    '',
  ].join('\n');
}

async function transferOne(context: CommandContext, plan: DnsPlan, question: DnsQuestion, server: { host: string; port: number }, exchange: ExchangeOptions): Promise<void> {
  const tally: Tally = { records: 0, messages: 0, bytes: 0, timeMs: 0 };
  const kept: DnsRecord[] = [];
  const showRecords = plan.sections?.answer ?? true;
  const started = performance.now();
  try {
    for await (const message of zoneTransfer(question.name, server, { ...plan.transfer, timeoutMs: exchange.timeoutMs, signal: exchange.signal })) {
      tally.records += message.reply.answers.length;
      tally.messages++;
      tally.bytes += message.bytes + 2;
      tally.timeMs = message.timeMs;
      if (context.json) kept.push(...message.reply.answers);
      else if (plan.short) await writeWithBackpressure(context.io.stdout, message.reply.answers.map((record) => `${record.data}\n`).join(''));
      else if (showRecords) await writeWithBackpressure(context.io.stdout, message.reply.answers.map((record) => `${formatDigRecord(record)}\n`).join(''));
    }
  } catch (error) {
    const where = `${describeQuery(question)} @${formatServer({ kind: 'inet', ...server })} (tcp)`;
    if (error instanceof TransferRefusedError) throw new NetworkError(`${where}: ${error.message}`);
    throw failure(error, where, 'tcp', { ...exchange, tries: 1 }, performance.now() - started);
  }
  if (context.json) {
    const view = {
      name: formatName(question.name), type: formatRecordType(question.type), server: formatServer({ kind: 'inet', ...server }), protocol: 'tcp',
      status: 'NOERROR', timeMs: Math.round(tally.timeMs), messages: tally.messages, bytes: tally.bytes, answers: kept,
    };
    await writeWithBackpressure(context.io.stdout, formatJson(view));
  } else if (!plan.short && (plan.sections?.stats ?? true)) await writeWithBackpressure(context.io.stdout, trailer(server, tally));
}

/** Zones one after another, as dig does them: a transfer is long, and its lines must not interleave. */
export async function runTransfer(context: CommandContext, plan: DnsPlan, exchange: ExchangeOptions): Promise<number> {
  for (const question of plan.questions) {
    for (const server of plan.servers) {
      if (server.kind !== 'inet') throw new NetworkError('zone transfers go over TCP to an address, not to a DoH URL');
      await transferOne(context, plan, question, server, exchange);
    }
  }
  return 0;
}
