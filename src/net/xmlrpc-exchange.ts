/** One XML-RPC call over HTTP(S): encode, POST, check the status, decode. A fault is data here, not an error. */
import { describeSystemError, InterruptedError, NetworkError } from '../errors.js';
import { decodeMethodResponse, decodeXmlBytes, type MethodResponse } from '../protocol/xmlrpc/decode.js';
import { XmlRpcFormatError } from '../protocol/xmlrpc/value.js';
import { version } from '../version.js';
import { TimeoutError } from './deadline.js';
import { displayUrl, httpPost, ResponseTooLargeError, type HttpPostOptions, type HttpResponse } from './http-post.js';

/** Responses are read into memory to be parsed; past this the call fails instead of growing without bound. */
export const maxResponseBytes = 64 * 1024 * 1024;

export type XmlRpcExchangeOptions = Omit<HttpPostOptions, 'headers' | 'maxResponseBytes'>;

/** POSTs an encoded methodCall (`body`) and returns the decoded methodResponse. */
export async function xmlRpcExchange(options: XmlRpcExchangeOptions): Promise<MethodResponse> {
  const where = displayUrl(options.url);
  let response: HttpResponse;
  try {
    response = await httpPost({
      ...options,
      // As Python's Transport does: a server may then gzip a large response (its encode_threshold).
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'User-Agent': `nettool/${version}`, 'Accept-Encoding': 'gzip' },
      maxResponseBytes,
    });
  } catch (error) {
    if (options.signal.aborted) throw new InterruptedError();
    if (error instanceof TimeoutError) throw new NetworkError(`no answer from ${where} after ${options.timeoutMs} ms (try --timeout)`);
    if (error instanceof ResponseTooLargeError) throw new NetworkError(`the response from ${where} is larger than ${error.limit} bytes; stopped reading`);
    throw new NetworkError(describeSystemError(error), { cause: error });
  }
  if (response.status !== 200) {
    // The spec: "Unless there's a lower-level error, always return 200 OK."
    const hint = response.status === 401 ? ' (give credentials in the URL: http://user:password@host/...)' : '';
    throw new NetworkError(`HTTP ${response.status} ${response.statusText} from ${where}${hint}`);
  }
  try {
    return decodeMethodResponse(decodeXmlBytes(response.body));
  } catch (error) {
    if (error instanceof XmlRpcFormatError) throw new NetworkError(`bad XML-RPC response from ${where}: ${error.message}`);
    throw error;
  }
}
