import { describe, expect, it } from 'vitest';
import { DigOptionError, defaultSections, parseDigOptions } from '../../../src/protocol/dig-options.js';

describe("parseDigOptions (dig's +words, later ones winning)", () => {
  it.each([
    [['+short'], { short: true }],
    [['+tcp'], { transport: 'tcp' }],
    [['+vc', '+notcp'], { transport: 'auto' }],
    [['+tls'], { transport: 'tls' }],
    [['+https=/q'], { transport: 'https', httpsPath: '/q' }],
    [['+dnssec', '+norec', '+cd', '+nsid'], { dnssec: true, recurse: false, checkingDisabled: true, nsid: true }],
    [['+norecurse', '+recurse'], { recurse: true }],
    [['+time=3', '+tries=4', '+bufsize=0'], { timeSeconds: 3, tries: 4, bufsize: 0 }],
    // +retry counts the tries after the first.
    [['+retry=0'], { tries: 1 }],
    [['+trace'], { trace: true }],
    [['+noall', '+answer'], { sections: { question: false, answer: true, authority: false, additional: false, comments: false, stats: false } }],
    [['+nostats'], { sections: { ...defaultSections, stats: false } }],
    [['+noall', '+answer', '+all'], { sections: { ...defaultSections, question: true } }],
  ])('%j', (words, expected) => {
    expect(parseDigOptions(words)).toEqual(expected);
  });

  it.each([
    ['+bogus', /unknown dig option '\+bogus'/],
    ['+time', /say \+time=N|give a whole number/],
    ['+time=0', /from 1 to 3600/],
    ['+tries=x', /give a whole number/],
    ['+bufsize=65536', /from 0 to 65535/],
    ['+short=1', /takes no value/],
    ['+https=dns-query', /a path/],
    ['+notime=1', /say \+time=N/],
    ['++', /unknown dig option/],
  ])('%s is refused', (word, message) => {
    expect(() => parseDigOptions([word])).toThrow(DigOptionError);
    expect(() => parseDigOptions([word])).toThrow(message);
  });
});
