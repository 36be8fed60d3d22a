/** A ProcFs that hands out files read ahead of time, once each, then reads as usual. Reads only. */
import { readFile } from 'node:fs/promises';
import { nodeProcFs, type ProcFs } from './socket-owners.js';

/**
 * Starts reading these files in the background (libuv's thread pool), so that the kernel's work of
 * writing out /proc/net/tcp for 10,000 sockets (tens of ms) runs while the main thread loads Ink.
 * The first `readFile` of each path gets what was read; a file that failed is read again then, so
 * its error comes where it always does.
 */
export async function prefetchProcFiles(paths: readonly string[], base: ProcFs = nodeProcFs): Promise<ProcFs> {
  const ready = new Map<string, string>();
  await Promise.all(
    paths.map((path) =>
      readFile(path, 'utf8').then(
        (text) => void ready.set(path, text),
        () => undefined,
      ),
    ),
  );
  return {
    ...base,
    readFile: (path) => {
      const text = ready.get(path);
      if (text === undefined) return base.readFile(path);
      ready.delete(path);
      return text;
    },
  };
}
