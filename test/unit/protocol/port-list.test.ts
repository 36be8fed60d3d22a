import { describe, expect, it } from 'vitest';
import { parsePortList } from '../../../src/protocol/port-list.js';

const lookup = (name: string) => ({ https: 443, ssh: 22 })[name];

describe('parsePortList', () => {
  it.each([
    ['22', [22]],
    ['22,80', [22, 80]],
    ['8000-8003', [8000, 8001, 8002, 8003]],
    ['https,22, 80 ,22', [22, 80, 443]],
    ['9-9', [9]],
  ])('%s', (text, ports) => expect(parsePortList(text, { lookup })).toEqual(ports));

  it.each([
    ['22,,80', /empty item/],
    ['80-22', /first port is above the last/],
    ['0', /bad port/],
    ['70000', /bad port/],
    ['nosuch', /unknown service/],
    ['1-2000', /more than 1024 ports/],
  ])('refuses %s', (text, message) => expect(() => parsePortList(text, { lookup, max: 1024 })).toThrow(message));
});
