/** Decoded pickles for people (Python's repr) and machines (one JSON line), and the warning for pickles that name code. */
import { NettoolError } from '../errors.js';
import { showLimit, type DecodedPickle } from '../protocol/pickle/decode.js';
import { formatPickleJson } from '../protocol/pickle/json.js';
import { formatPythonRepr, ReprLimitError } from '../protocol/pickle/repr.js';

/** The value as a line: repr, or JSON with `json`. A value too big or deep to show is an error, not a hang. */
export function formatDecodedPickle(decoded: DecodedPickle, { json }: { readonly json: boolean }): string {
  try {
    const options = { maxItems: showLimit(decoded) };
    return `${json ? formatPickleJson(decoded.value, options) : formatPythonRepr(decoded.value, options)}\n`;
  } catch (error) {
    if (error instanceof ReprLimitError) throw new NettoolError(`cannot show this pickle: ${error.message}`);
    throw error;
  }
}

/** A stderr line for a pickle that Python would not load as plain data, or undefined when it is plain. */
export function unsafePickleWarning(decoded: DecodedPickle, source = 'this pickle'): string | undefined {
  const notes: string[] = [];
  if (decoded.unsafe.length > 0) notes.push(`${source} would import or call ${decoded.unsafe.join(', ')} if Python loaded it; shown as data, nothing was run`);
  if (decoded.buffers > 0) notes.push(`${source} refers to ${decoded.buffers} out-of-band buffer${decoded.buffers === 1 ? '' : 's'} (protocol 5) it does not carry`);
  return notes.length > 0 ? `warning: ${notes.join('; ')}` : undefined;
}
