/** Static-file HTTP decisions: safe request paths, Range, validators and content types. Pure: no fs, no sockets. */

export type RequestPath =
  | { readonly ok: true; readonly segments: readonly string[]; readonly trailingSlash: boolean }
  | { readonly ok: false; readonly status: 400 | 403; readonly reason: string };

/**
 * Splits a request target into decoded path segments, refusing anything that could climb out of the
 * root: `..` (raw or as %2e%2e), an encoded `/` or `\` (%2f, %5c) hiding a separator inside a segment,
 * NUL bytes, and malformed percent-encoding. Empty and `.` segments are dropped (RFC 3986 §5.2.4).
 */
export function parseRequestPath(target: string): RequestPath {
  // RFC 9112 §3.2.2: a server must accept the absolute form (`GET http://host/x`), as proxies send it;
  // the authority is not ours to check (there is one site), the path is served as usual.
  const absolute = /^https?:\/\/[^/?#]*/i.exec(target);
  const origin = absolute ? target.slice(absolute[0].length) || '/' : target;
  if (!origin.startsWith('/')) {
    return { ok: false, status: 400, reason: absolute ? 'the request target has no path' : 'the request target must start with / (or be http://host/path)' };
  }
  const path = origin.replace(/[?#].*$/s, '');
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return { ok: false, status: 403, reason: "'..' is not allowed" };
    if (/[/\\\0]/.test(segment)) return { ok: false, status: 403, reason: 'an encoded separator or NUL is not allowed' };
    segments.push(segment);
  }
  return { ok: true, segments, trailingSlash: path.endsWith('/') };
}

export type RangeResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

/**
 * One `bytes=` range against a representation of `size` bytes (RFC 9110 §14.1.2). Several ranges,
 * other units and syntax errors are ignored (a full 200), which §14.2 permits; a well-formed range
 * that starts past the end is 416.
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'none' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'none' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}

/**
 * A strong validator from size and modification time, as nginx makes them: `"1a2b-18c9f0e1a00"`.
 * Strong because If-Range compares strongly (RFC 9110 §13.1.5): with a weak tag no interrupted
 * download could ever resume by ETag.
 */
export function formatEtag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/**
 * RFC 9110 §13.1.2-3 and §13.2.2: If-None-Match wins over If-Modified-Since; weak comparison for GET/HEAD.
 * HTTP dates have whole seconds, so the modification time is compared truncated.
 */
export function isNotModified(
  headers: { readonly ifNoneMatch?: string; readonly ifModifiedSince?: string },
  etag: string,
  mtimeMs: number,
): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtimeMs / 1000) * 1000 <= since;
  }
  return false;
}

const contentTypes: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  woff2: 'font/woff2',
};

/** The Content-Type for a file name by its extension; unknown ones are opaque bytes. */
export function contentTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && contentTypes[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
