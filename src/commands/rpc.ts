/** `nettool rpc`: one XML-RPC call over HTTP(S), the result printed as JSON. */
import { NettoolError, NetworkError, UsageError } from '../errors.js';
import { writeWithBackpressure } from '../io.js';
import { xmlRpcExchange } from '../net/xmlrpc-exchange.js';
import { parseRpcArgument } from '../protocol/xmlrpc/arguments.js';
import type { MethodResponse } from '../protocol/xmlrpc/decode.js';
import { encodeMethodCall } from '../protocol/xmlrpc/encode.js';
import { XmlRpcFormatError, type XmlRpcValue } from '../protocol/xmlrpc/value.js';
import { formatXmlRpcJson } from '../render/xmlrpc.js';
import { readCaFile } from '../sources/ca-file.js';
import { insecureWarning, type CommandContext } from './context.js';

export interface RpcOptions {
  readonly list?: boolean;
  readonly string?: boolean;
  readonly insecure?: boolean;
  readonly ca?: string;
  readonly timeout?: string;
  readonly pickle?: boolean;
}

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
  // The credentials are percent-decoded for basic auth; a bad escape there is the user's to fix.
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new UsageError(`bad URL for ${url.host}: malformed percent-encoding in the user name or password (write % as %25)`);
  }
  return url;
}

function parseTimeout(text: string | undefined): number {
  const seconds = Number(text ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) throw new UsageError(`bad timeout '${text}': give seconds, more than 0 and at most 86400`);
  return Math.round(seconds * 1000);
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
  const ca = options.ca === undefined ? undefined : readCaFile(options.ca);
  if (options.pickle && options.string) throw new UsageError('--pickle and --string are two ways to send the arguments: choose one');
  const pickling = options.pickle ? await import('./rpc-pickle.js') : undefined;
  let body: string;
  try {
    const params: XmlRpcValue[] = pickling ? pickling.pickledArguments(args) : args.map((arg) => (options.string ? { type: 'string', value: arg } : parseRpcArgument(arg)));
    body = encodeMethodCall(name, params);
  } catch (error) {
    if (error instanceof XmlRpcFormatError) throw new UsageError(error.message);
    throw error;
  }
  if (options.insecure && url.protocol === 'https:') context.status(insecureWarning(url.host));

  let decoded: MethodResponse;
  try {
    decoded = await xmlRpcExchange({
      url,
      body,
      timeoutMs,
      signal: context.io.signal,
      tls: { insecure: options.insecure === true, ...(ca !== undefined && { ca }) },
    });
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (error instanceof NetworkError && code && untrustedCertificate.test(code)) {
      throw new NetworkError(`${error.message} (trust its CA with --ca FILE, or skip the check with --insecure)`, { cause: error });
    }
    throw error;
  }
  if (decoded.kind === 'fault') {
    // The error line keeps a traceback's words, not its breaks (formatErrorLine).
    throw new NettoolError(`fault ${decoded.fault.code}: ${decoded.fault.message.trim()}`);
  }
  const { value } = decoded;
  const names = options.list && !context.json ? methodNames(value) : undefined;
  const pickled = pickling?.formatPickledResult(context, value);
  await writeWithBackpressure(context.io.stdout, pickled ?? (names ? names.map((name) => `${name}\n`).join('') : formatXmlRpcJson(value)));
}

/** system.listMethods' answer as names, or undefined when it is not an array of strings. */
function methodNames(value: XmlRpcValue): string[] | undefined {
  if (value.type !== 'array') return undefined;
  const names = value.value.flatMap((item) => (item.type === 'string' ? [item.value] : []));
  return names.length === value.value.length ? names : undefined;
}
