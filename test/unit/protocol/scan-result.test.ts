import { describe, expect, it } from 'vitest';
import { countStates, formatScanSummary, isShown, scanExitCode, type PortResult } from '../../../src/protocol/scan-result.js';

const result = (port: number, state: PortResult['state']): PortResult => ({ port, state, service: null });

describe('scan results', () => {
  it('counts states and says them in one line, zeros left out', () => {
    const counts = countStates([result(22, 'open'), result(23, 'closed'), result(24, 'closed'), result(25, 'filtered')]);
    expect(counts).toEqual({ open: 1, 'open|filtered': 0, closed: 2, filtered: 1 });
    expect(formatScanSummary(counts, 213)).toBe('1 open, 2 closed, 1 filtered in 0.21 s');
    expect(formatScanSummary(countStates([]), 5)).toBe('0 ports in 0.01 s');
  });

  it.each([
    [[result(1, 'open')], 0],
    [[result(1, 'open|filtered')], 0],
    [[result(1, 'closed'), result(2, 'filtered')], 1],
    [[], 1],
  ] as const)('exit code of %j is %i, as nc -z', (results, code) => {
    expect(scanExitCode(countStates(results))).toBe(code);
  });

  it('shows open ports (and UDP silence) by default, everything with --all', () => {
    expect(isShown('open', false)).toBe(true);
    expect(isShown('open|filtered', false)).toBe(true);
    expect(isShown('closed', false)).toBe(false);
    expect(isShown('filtered', false)).toBe(false);
    expect(isShown('closed', true)).toBe(true);
  });
});
