/** `nettool mp`: a multiprocessing.connection client. Sends each value pickled, prints each reply decoded, never running it. */
import { createInterface } from 'node:readline';
import { NettoolError, NetworkError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { MpConnection } from '../net/mp-connection.js';
import { openStream } from '../net/stream-connect.js';
import { formatEndpoint, parseEndpoint } from '../protocol/address.js';
import { challengePrefix } from '../protocol/mp-auth.js';
import { decodePickle } from '../protocol/pickle/decode.js';
import { encodePickle, PickleEncodeError } from '../protocol/pickle/encode.js';
import { PickleError, type PyValue } from '../protocol/pickle/value.js';
import { LiteralError, parsePythonLiteral } from '../protocol/python-literal.js';
import { formatDecodedPickle, unsafePickleWarning } from '../render/pickle.js';
import { readAuthkey } from '../sources/authkey.js';
import { lookupService } from '../sources/services.js';
import type { CommandContext, CommandResult } from './context.js';

export interface MpOptions {
  readonly authkey?: string;
  readonly authkeyFile?: string;
  readonly timeout?: string;
}

/** The largest reply read: a bound on memory. */
const maxReply = 256 * 1024 * 1024;

function parseTimeout(text: string | undefined): number {
  const seconds = Number(text ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new UsageError(`bad timeout '${text}': give seconds, more than 0 and at most 86400`);
  return Math.round(seconds * 1000);
}

/** A value from the command line or stdin, pickled; a value that cannot be read is a usage error naming it. */
function pickleValue(text: string, where: string): Uint8Array {
  let value: PyValue;
  try {
    value = parsePythonLiteral(text);
    return encodePickle(value);
  } catch (error) {
    if (error instanceof LiteralError || error instanceof PickleEncodeError) throw new UsageError(`${where}: ${error.message} (a Python literal or JSON)`);
    throw error;
  }
}

async function exchange(context: CommandContext, connection: MpConnection, message: Uint8Array, timeoutMs: number, peer: string): Promise<void> {
  await connection.send(message);
  let reply: Uint8Array;
  try {
    reply = await connection.receive(timeoutMs);
  } catch (error) {
    throw new NetworkError(`no reply from ${peer}: ${(error as Error).message}`);
  }
  if (reply.length > 0 && challengePrefix.every((byte, i) => reply[i] === byte)) {
    throw new NettoolError(`authentication failed (${peer} asks for an authkey: give --authkey or --authkey-file)`);
  }
  let decoded;
  try {
    decoded = decodePickle(reply);
  } catch (error) {
    if (error instanceof PickleError) throw new NettoolError(`the reply from ${peer} is not a valid pickle: ${error.message}`);
    throw error;
  }
  const warning = unsafePickleWarning(decoded, 'the reply');
  if (warning) context.status(warning);
  await writeWithBackpressure(context.io.stdout, formatDecodedPickle(decoded, { json: context.json }));
}

export async function runMp(context: CommandContext, address: string, values: readonly string[], options: MpOptions): Promise<CommandResult> {
  const endpoint = parseEndpoint(address, { lookup: lookupService });
  const timeoutMs = parseTimeout(options.timeout);
  const authkey = readAuthkey(options);
  // Every value is read before connecting: a typo costs no connection.
  const messages = values.map((text, i) => pickleValue(text, `value ${i + 1}`));
  const { io } = context;
  const opened = await openStream(endpoint, { timeoutMs, signal: io.signal });
  const peer = opened.remote || formatEndpoint(endpoint);
  opened.socket.setNoDelay(true);
  const connection = new MpConnection(opened.socket, maxReply);
  const abort = () => opened.socket.destroy();
  io.signal.addEventListener('abort', abort, { once: true });
  try {
    if (authkey) {
      try {
        await connection.authenticateAsClient(authkey, timeoutMs);
      } catch (error) {
        throw new NettoolError(`authentication failed (${(error as Error).message})`);
      }
    }
    if (values.length > 0) {
      for (const message of messages) await exchange(context, connection, message, timeoutMs, peer);
      return 0;
    }
    let line = 0;
    const interactive = io.stdin.isTTY === true;
    for await (const text of createInterface({ input: io.stdin, terminal: false, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let message: Uint8Array;
      try {
        message = pickleValue(text, `line ${line}`);
      } catch (error) {
        // At a terminal a typo is reported and the session goes on; in a pipe it stops, as any bad input does.
        if (!interactive || !(error instanceof UsageError)) throw error;
        io.stderr.write(`nettool: ${error.message}\n`);
        continue;
      }
      await exchange(context, connection, message, timeoutMs, peer);
    }
    return 0;
  } finally {
    io.signal.removeEventListener('abort', abort);
    opened.socket.end();
  }
}
