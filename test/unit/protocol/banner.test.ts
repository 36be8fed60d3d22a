import { describe, expect, it } from 'vitest';
import { formatBanner, maxBannerLength } from '../../../src/protocol/banner.js';

describe('formatBanner', () => {
  it.each([
    ['SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', 'SSH-2.0-OpenSSH_9.2p1 Debian-2'],
    ['220 mail.example ESMTP\r\n250 more\r\n', '220 mail.example ESMTP'],
    ['no newline yet', 'no newline yet'],
    ['\r\n', ''],
    ['bell\x07 and escape\x1b[2J\n', 'bell\\x07 and escape\\x1b[2J'],
    ['c1 \u009b controls\n', 'c1 \\x9b controls'],
    ['bidi \u202e reversed\n', 'bidi \\u202e reversed'],
    ['tab\there\n', 'tab\\x09here'],
    ['nul\x00\n', 'nul\\x00'],
  ])('%j → %j', (input, shown) => {
    expect(formatBanner(Buffer.from(input))).toBe(shown);
  });

  it('reads bad UTF-8 as U+FFFD, never as raw bytes', () => {
    expect(formatBanner(Buffer.from([0x41, 0xff, 0x42, 0x0a]))).toBe('A\ufffdB');
  });

  it('cuts a long line with an ellipsis', () => {
    const shown = formatBanner(Buffer.from('x'.repeat(500)));
    expect(shown).toHaveLength(maxBannerLength);
    expect(shown.endsWith('…')).toBe(true);
  });
});
