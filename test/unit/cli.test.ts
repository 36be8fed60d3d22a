import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { fakeIo } from '../helpers/fake-io.js';

/** An XML-RPC server whose every answer is a fault with a line break and a C1 control (CSI, which XML allows) in its string. */
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'text/xml');
      response.end(
        '<?xml version="1.0"?><methodResponse><fault><value><struct>' +
          '<member><name>faultCode</name><value><int>7</int></value></member>' +
          '<member><name>faultString</name><value><string>bad&#10;thing &#155;2Jcleared</string></value></member>' +
          '</struct></value></fault></methodResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
});
afterAll(() => server.close());

describe('run: the error line', () => {
  it('is one line with control characters escaped, whatever the peer sent', async () => {
    const io = fakeIo();
    expect(await run(['rpc', url, 'boom'], io)).toBe(1);
    expect(io.stderrText()).toBe('nettool: fault 7: bad thing \\x9b2Jcleared\n');
  });
});
