import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requirePeer } from '../helpers/peers.js';

const script = fileURLToPath(new URL('../../scripts/native-asan.sh', import.meta.url));

describe('the addon C code under AddressSanitizer', () => {
  it('passes its C tests (malformed replies, real dumps) with ASan and UBSan', () => {
    requirePeer('cc', 'build-essential');
    const out = execFileSync('sh', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('netlink tests: all passed\n');
  }, 120_000);
});
