/** The PEM text of a `--ca FILE`, read before any connection is tried. Reads one file; knows nothing of TLS. */
import { readFileSync } from 'node:fs';
import { UsageError, describeSystemError } from '../errors.js';

/** A file that cannot be read is a usage error naming the flag and the path. */
export function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --ca ${path}: ${describeSystemError(error)}`);
  }
}
