/** The multiprocessing authkey from --authkey or --authkey-file. Reads one file; knows nothing of the handshake. */
import { readFileSync } from 'node:fs';
import { UsageError, describeSystemError } from '../errors.js';

/**
 * The key's bytes: --authkey as UTF-8, or --authkey-file's contents less one trailing newline (what `echo KEY > file`
 * adds). Undefined when neither is given: no handshake at all.
 */
export function readAuthkey(options: { readonly authkey?: string; readonly authkeyFile?: string }): Uint8Array | undefined {
  if (options.authkey !== undefined && options.authkeyFile !== undefined) throw new UsageError('--authkey and --authkey-file both give the key: choose one');
  if (options.authkey !== undefined) {
    if (options.authkey === '') throw new UsageError('--authkey is empty; Python treats an empty key as none, so leave the option out');
    return new TextEncoder().encode(options.authkey);
  }
  if (options.authkeyFile === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(options.authkeyFile);
  } catch (error) {
    throw new UsageError(`cannot read --authkey-file ${options.authkeyFile}: ${describeSystemError(error)}`);
  }
  const end = bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? bytes.length - 2 : bytes.length - 1) : bytes.length;
  if (end === 0) throw new UsageError(`--authkey-file ${options.authkeyFile} is empty`);
  return bytes.subarray(0, end);
}
