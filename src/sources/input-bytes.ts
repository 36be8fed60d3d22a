/** Reads a whole input the user names, a file or `-` for stdin, up to a size bound. Knows nothing of what the bytes are. */
import { readFile, stat } from 'node:fs/promises';
import { NettoolError, UsageError, describeSystemError } from '../errors.js';
import { refuseDirectoryStdin, type Io } from '../io.js';

export async function readInputBytes(io: Io, path: string | undefined, maxBytes: number, what: string): Promise<Uint8Array> {
  if (path === undefined || path === '-') {
    if (io.stdin.isTTY === true) throw new UsageError(`give a FILE, or pipe ${what} into stdin`);
    refuseDirectoryStdin(io.stdinFd);
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      if (total > maxBytes) throw new NettoolError(`stdin holds more than ${maxBytes} bytes; ${what} is refused beyond that`);
      chunks.push(bytes);
    }
    return Buffer.concat(chunks);
  }
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a directory`);
    if (info.size > maxBytes) throw new NettoolError(`${path} is ${info.size} bytes; ${what} is refused beyond ${maxBytes}`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof NettoolError) throw error;
    throw new UsageError(`cannot read ${path}: ${describeSystemError(error)}`);
  }
}
