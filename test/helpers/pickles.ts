/** Runs Python to make or read pickles, for tests that need Python's own pickle as the reference. */
import { execFileSync } from 'node:child_process';
import { requirePeer } from './peers.js';

/** Runs a Python script synchronously (hash seed fixed, so set order is the same every run) and returns stdout. */
export function pythonSync(code: string, input?: Uint8Array): string {
  const python = requirePeer('python3', 'python3');
  return execFileSync(python, ['-c', code], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONHASHSEED: '0' },
    ...(input ? { input } : {}),
  });
}

/** `pickle.dumps(eval(expression), protocol)`. */
export function pythonPickle(expression: string, protocol = 4, prelude = ''): Uint8Array {
  return Buffer.from(pythonSync(`import pickle, sys, collections, os\n${prelude}\nsys.stdout.write(pickle.dumps(${expression}, ${protocol}).hex())`), 'hex');
}
