import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prefetchProcFiles } from '../../../src/sources/prefetched-proc.js';

const dir = mkdtempSync(join(tmpdir(), 'nettool-prefetch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prefetchProcFiles', () => {
  it('serves each file as it was read ahead, once, then reads it again', async () => {
    const path = join(dir, 'tcp');
    writeFileSync(path, 'before\n');
    const fs = await prefetchProcFiles([path]);
    writeFileSync(path, 'after\n');
    expect(fs.readFile(path)).toBe('before\n');
    expect(fs.readFile(path)).toBe('after\n');
  });

  it('leaves a file it could not read to fail where it always does', async () => {
    const missing = join(dir, 'tcp6');
    const fs = await prefetchProcFiles([missing]);
    expect(() => fs.readFile(missing)).toThrow(/ENOENT/);
  });
});
