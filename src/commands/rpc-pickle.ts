/** `rpc --pickle`: arguments sent pickled inside <base64>, and a base64 result that is a pickle shown as its value, never run. */
import { UsageError } from '../errors.js';
import { decodePickle } from '../protocol/pickle/decode.js';
import { encodePickle, PickleEncodeError } from '../protocol/pickle/encode.js';
import { PickleError } from '../protocol/pickle/value.js';
import { LiteralError, parsePythonLiteral } from '../protocol/python-literal.js';
import type { XmlRpcValue } from '../protocol/xmlrpc/value.js';
import { formatDecodedPickle, unsafePickleWarning } from '../render/pickle.js';
import type { CommandContext } from './context.js';

/** Each argument, a Python literal or JSON, as `pickle.dumps(value)` in a base64 value (the course's `serv.add(pickle.dumps(a), ...)`). */
export function pickledArguments(args: readonly string[]): XmlRpcValue[] {
  return args.map((text, i) => {
    try {
      return { type: 'base64', value: encodePickle(parsePythonLiteral(text)) };
    } catch (error) {
      if (error instanceof LiteralError || error instanceof PickleEncodeError) throw new UsageError(`argument ${i + 1}: ${error.message} (a Python literal or JSON)`);
      throw error;
    }
  });
}

/** The result's text when it is a base64 pickle (repr, or JSON with --json); undefined for anything else. */
export function formatPickledResult(context: CommandContext, value: XmlRpcValue): string | undefined {
  if (value.type !== 'base64') return undefined;
  let decoded;
  try {
    decoded = decodePickle(value.value);
  } catch (error) {
    if (error instanceof PickleError) {
      context.status(`the base64 result is not a pickle (${error.message}); shown as it came`);
      return undefined;
    }
    throw error;
  }
  const warning = unsafePickleWarning(decoded, 'the result');
  if (warning) context.status(warning);
  return formatDecodedPickle(decoded, { json: context.json });
}
