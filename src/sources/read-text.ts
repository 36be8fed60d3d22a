/** A small kernel file's text, or null where it does not exist (no IPv6, not Linux). Reads only. */
import { readFileSync } from 'node:fs';

export function readTextOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
