import { describe, expect, it } from 'vitest';
import { describeSystemError } from '../../src/errors.js';

function systemError(message: string, code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('describeSystemError', () => {
  it.each([
    [
      'an OpenSSL record error keeps only its reason, on one line',
      systemError('80FC6752FD7E0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n', 'ERR_SSL_WRONG_VERSION_NUMBER'),
      'wrong version number',
    ],
    [
      'a prefix before the OpenSSL text stays',
      systemError('write EPROTO 807C43A7667F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n', 'EPROTO'),
      'write EPROTO wrong version number',
    ],
    ['a PEM error without a function name', systemError('error:0480006C:PEM routines::no start line', 'ERR_OSSL_PEM_NO_START_LINE'), 'no start line'],
    ['any other line break becomes a space', systemError('first line\n  second line\n', 'EIO'), 'first line second line'],
    [
      'an IPv6 peer in brackets, so its port stands apart (::1:9 reads as an address)',
      Object.assign(systemError('connect ECONNREFUSED ::1:9', 'ECONNREFUSED'), { address: '::1', port: 9 }),
      'connect ECONNREFUSED [::1]:9 (connection refused)',
    ],
    ['errno words are added once', systemError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), 'connect ECONNREFUSED 127.0.0.1:9 (connection refused)'],
  ])('%s', (_name, error, expected) => {
    expect(describeSystemError(error)).toBe(expected);
  });
});
