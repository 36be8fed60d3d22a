import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parsePortList } from '../../../src/protocol/port-list.js';

const lookup = (name: string) => ({ http: 80, https: 443, ssh: 22 })[name];

describe('parsePortList', () => {
  it.each([
    [['22'], [22]],
    [['22,80'], [22, 80]],
    [['80', '22'], [22, 80]],
    [['8000-8003'], [8000, 8001, 8002, 8003]],
    [['https,ssh,22'], [22, 443]],
    [['22,80,8000-8002,https'], [22, 80, 443, 8000, 8001, 8002]],
    [['65534-'], [65534, 65535]],
    [['-3'], [1, 2, 3]],
    [['5-5'], [5]],
    [['HTTP'], [80]],
  ])('%j → %j', (words, ports) => {
    expect(parsePortList(words, { lookup })).toEqual(ports);
  });

  it.each([[['-']], [['1-65535']], [['1-']]])('%j is every port', (words) => {
    const ports = parsePortList(words, { lookup });
    expect(ports).toHaveLength(65535);
    expect(ports[0]).toBe(1);
    expect(ports.at(-1)).toBe(65535);
  });

  it.each([
    [['0'], /bad port '0'/],
    [['65536'], /bad port '65536'/],
    [['22,8o'], /bad port '8o'/],
    [['100-20'], /'100-20'.*backwards.*20-100/],
    [['1-70000'], /bad port '70000'/],
    [['22,,80'], /empty item/],
    [['nosuch'], /unknown service 'nosuch'/],
    [[], /no ports given/],
    [['1-2-3'], /bad port '1-2-3'/],
  ])('%j is a usage error matching %s', (words, message) => {
    expect(() => parsePortList(words, { lookup })).toThrow(UsageError);
    expect(() => parsePortList(words, { lookup })).toThrow(message);
  });
});
