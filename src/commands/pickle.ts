/** `nettool pickle`: decodes a pickle without running it (repr or JSON), lists its opcodes, or checks it is plain data. */
import { NettoolError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { decodePickle } from '../protocol/pickle/decode.js';
import { disassemblePickle } from '../protocol/pickle/disassemble.js';
import { PickleError } from '../protocol/pickle/value.js';
import { formatDecodedPickle, unsafePickleWarning } from '../render/pickle.js';
import { readInputBytes } from '../sources/input-bytes.js';
import type { CommandContext, CommandResult } from './context.js';

export interface PickleOptions {
  readonly dis?: boolean;
  readonly check?: boolean;
}

/** The largest pickle read: a bound on memory, well past any pickle a person inspects. */
export const maxPickleBytes = 1024 * 1024 * 1024;

function notAPickle(error: unknown): never {
  if (error instanceof PickleError) throw new NettoolError(`not a valid pickle: ${error.message}`);
  throw error;
}

async function listOpcodes(context: CommandContext, data: Uint8Array): Promise<void> {
  // The listing is built synchronously into ~1 MiB chunks, then written with back-pressure.
  const chunks: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const close = () => {
    if (batch.length > 0) chunks.push(`${batch.join('\n')}\n`);
    batch = [];
    size = 0;
  };
  let failure: unknown;
  try {
    disassemblePickle(data, (line) => {
      batch.push(line);
      size += line.length;
      if (size > 1 << 20) close();
    });
  } catch (error) {
    failure = error;
  }
  close();
  for (const chunk of chunks) await writeWithBackpressure(context.io.stdout, chunk);
  if (failure !== undefined) notAPickle(failure);
}

export async function runPickle(context: CommandContext, file: string | undefined, options: PickleOptions): Promise<CommandResult> {
  if (options.dis && options.check) throw new UsageError('--dis and --check are two different answers: choose one');
  if (options.dis && context.json) throw new UsageError('--dis prints a listing; it has no JSON form');
  const data = await readInputBytes(context.io, file, maxPickleBytes, 'a pickle');
  if (options.dis) {
    await listOpcodes(context, data);
    return 0;
  }
  let decoded;
  try {
    decoded = decodePickle(data);
  } catch (error) {
    notAPickle(error);
  }
  if (options.check) {
    if (context.json) await writeWithBackpressure(context.io.stdout, `${JSON.stringify({ plainData: decoded.unsafe.length === 0, unsafe: decoded.unsafe, protocol: decoded.protocol, buffers: decoded.buffers })}\n`);
    else if (decoded.unsafe.length > 0) await writeWithBackpressure(context.io.stdout, decoded.unsafe.map((name) => `${name}\n`).join(''));
    if (decoded.unsafe.length > 0) {
      context.status(`not plain data: loading it in Python would import or call ${decoded.unsafe.join(', ')}`);
      return 1;
    }
    context.status(`plain data (protocol ${decoded.protocol}): loading it imports and calls nothing beyond building the values`);
    return 0;
  }
  const warning = unsafePickleWarning(decoded);
  if (warning) context.status(warning);
  await writeWithBackpressure(context.io.stdout, formatDecodedPickle(decoded, { json: context.json }));
  return 0;
}
