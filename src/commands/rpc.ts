/** `nettool rpc`: one XML-RPC call over HTTP(S), the result printed as JSON. */
import { readFileSync } from 'node:fs';
import { describeSystemError, NettoolError, NetworkError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { displayUrl, httpPost } from '../net/http-post.js';
import { parseRpcArgument } from '../protocol/xmlrpc/arguments.js';
import { decodeMethodResponse } from '../protocol/xmlrpc/decode.js';
import { encodeMethodCall } from '../protocol/xmlrpc/encode.js';
import { XmlRpcFormatError, type XmlRpcValue } from '../protocol/xmlrpc/value.js';
import type { RpcOptions } from '../program/rpc.js';
import { formatXmlRpcJson } from '../render/xmlrpc.js';
import { version } from '../version.js';
import type { CommandContext } from './context.js';

/** Responses are read into memory to be parsed; past this the call fails instead of growing without bound. */
const maxResponseBytes = 64 * 1024 * 1024;

/** Node's codes for certificates it does not trust: the user can fix these with --ca or --insecure. */
const untrustedCertificate = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

/** `http://` or `https://`; a bare `host:port/path` is taken as http, as browsers do. */
export function parseRpcUrl(text: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`bad URL '${text}': expected http://host[:port]/path or https://...`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`bad URL '${text}': use http:// or https://, not ${url.protocol}//`);
  if (!url.hostname) throw new UsageError(`bad URL '${text}': no host`);
  return url;
}

function parseTimeout(text: string | undefined): number {
  const seconds = Number(text ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new UsageError(`bad timeout '${text}': use seconds, more than 0`);
  return Math.round(seconds * 1000);
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the CA file: ${describeSystemError(error)}`);
  }
}

export async function runRpc(
  context: CommandContext,
  { url: urlText, method, args }: { readonly url: string; readonly method?: string; readonly args: readonly string[] },
  options: RpcOptions,
): Promise<void> {
  const url = parseRpcUrl(urlText);
  const timeoutMs = parseTimeout(options.timeout);
  if (options.list && method !== undefined) throw new UsageError('--list takes no method or arguments');
  if (!options.list && method === undefined) throw new UsageError('missing method: nettool rpc URL METHOD [ARGS...], or --list to see them');
  const name = options.list ? 'system.listMethods' : (method as string);
  const ca = options.ca === undefined ? undefined : readCa(options.ca);
  let body: string;
  try {
    const params: XmlRpcValue[] = args.map((arg) => (options.string ? { type: 'string', value: arg } : parseRpcArgument(arg)));
    body = encodeMethodCall(name, params);
  } catch (error) {
    if (error instanceof XmlRpcFormatError) throw new UsageError(error.message);
    throw error;
  }
  if (options.insecure && url.protocol === 'https:') {
    context.io.stderr.write(`nettool: warning: --insecure: the certificate of ${url.host} is not verified\n`);
  }

  const where = displayUrl(url);
  let response;
  try {
    response = await httpPost({
      url,
      body,
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'User-Agent': `nettool/${version}` },
      timeoutMs,
      signal: context.io.signal,
      maxResponseBytes,
      tls: { insecure: options.insecure === true, ...(ca !== undefined && { ca }) },
    });
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (error instanceof NetworkError && code && untrustedCertificate.test(code)) {
      throw new NetworkError(`${error.message} (trust its CA with --ca FILE, or skip the check with --insecure)`, { cause: error });
    }
    throw error;
  }
  if (response.status !== 200) {
    const hint = response.status === 401 ? ' (give credentials in the URL: http://user:password@host/...)' : '';
    throw new NetworkError(`HTTP ${response.status} ${response.statusText} from ${where}${hint}`);
  }
  let decoded;
  try {
    decoded = decodeMethodResponse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
  } catch (error) {
    const reason = error instanceof XmlRpcFormatError ? error.message : 'the body is not UTF-8';
    throw new NetworkError(`bad XML-RPC response from ${where}: ${reason}`);
  }
  if (decoded.kind === 'fault') {
    // One line, as every nettool error is: a traceback in a fault string keeps its words, not its breaks.
    throw new NettoolError(`fault ${decoded.fault.code}: ${decoded.fault.message.replace(/\s*[\r\n]+\s*/g, ' ').trim()}`);
  }
  const { value } = decoded;
  if (options.list && !context.json && value.type === 'array' && value.value.every((item) => item.type === 'string')) {
    await writeWithBackpressure(context.io.stdout, value.value.map((item) => `${item.type === 'string' ? item.value : ''}\n`).join(''));
    return;
  }
  await writeWithBackpressure(context.io.stdout, formatXmlRpcJson(value));
}
