/** The http service's request listener: files and listings from one directory, never anything outside it (realpath checked). */
import { createReadStream, realpathSync, statSync, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { contentTypeFor, formatEtag, isNotModified, parseRange, parseRequestPath } from '../protocol/http-static.js';
import { formatDirectoryListing, type ListingEntry } from '../render/http-listing.js';

const reasons: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 416: 'Range Not Satisfiable', 500: 'Internal Server Error' };

function sendError(request: IncomingMessage, response: ServerResponse, status: number, detail?: string, headers: Record<string, string> = {}): void {
  const body = `${status} ${reasons[status] ?? ''}${detail ? `: ${detail}` : ''}\n`;
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The root, resolved once; a missing or non-directory --dir is a usage error before anything listens. */
export function resolveRoot(dir: string): string {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    throw new UsageError(`--dir '${dir}' does not exist`);
  }
  if (!statSync(root).isDirectory()) throw new UsageError(`--dir '${dir}' is not a directory`);
  return root;
}

export function createStaticHandler(dir: string): RequestListener {
  const root = resolveRoot(dir);
  const inside = (path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

  /** realpath of a candidate, or the status that refuses it: symlinks may point anywhere, so the resolved path decides. */
  async function resolve(candidate: string): Promise<{ path: string; stats: Stats } | { status: 403 | 404 }> {
    let path: string;
    try {
      path = await realpath(candidate);
    } catch (error) {
      return { status: (error as NodeJS.ErrnoException).code === 'EACCES' ? 403 : 404 };
    }
    if (!inside(path)) return { status: 403 };
    return { path, stats: await stat(path) };
  }

  async function sendFile(request: IncomingMessage, response: ServerResponse, path: string, stats: Stats): Promise<void> {
    const etag = formatEtag(stats.size, stats.mtimeMs);
    const lastModified = new Date(stats.mtimeMs).toUTCString();
    const validators = { ETag: etag, 'Last-Modified': lastModified };
    const ifNoneMatch = request.headers['if-none-match'];
    if (isNotModified({ ifNoneMatch, ifModifiedSince: request.headers['if-modified-since'] }, etag, stats.mtimeMs)) {
      response.writeHead(304, validators).end();
      return;
    }
    const ifRange = request.headers['if-range'];
    // RFC 9110 §13.1.5: a Range whose If-Range no longer matches gets the whole, changed file. The
    // comparison is strong: a weak tag (W/"...", never ours) does not match.
    const rangeHeader = ifRange === undefined || ifRange === etag || ifRange === lastModified ? request.headers.range : undefined;
    const range = parseRange(rangeHeader, stats.size);
    if (range.kind === 'unsatisfiable') {
      sendError(request, response, 416, `the file has ${stats.size} bytes`, { 'Content-Range': `bytes */${stats.size}` });
      return;
    }
    const headers: Record<string, string | number> = { ...validators, 'Content-Type': contentTypeFor(path), 'Accept-Ranges': 'bytes' };
    let start = 0;
    let end = stats.size - 1;
    if (range.kind === 'range') {
      ({ start, end } = range);
      headers['Content-Range'] = `bytes ${start}-${end}/${stats.size}`;
    }
    headers['Content-Length'] = stats.size === 0 ? 0 : end - start + 1;
    response.writeHead(range.kind === 'range' ? 206 : 200, headers);
    if (request.method === 'HEAD' || stats.size === 0) {
      response.end();
      return;
    }
    // pipe() respects the client's pace: the file is read only as fast as the socket drains.
    const stream = createReadStream(path, { start, end });
    stream.on('error', () => response.destroy());
    response.on('close', () => stream.destroy());
    stream.pipe(response);
  }

  async function sendListing(request: IncomingMessage, response: ServerResponse, urlPath: string, path: string): Promise<void> {
    const entries: ListingEntry[] = [];
    for (const entry of await readdir(path, { withFileTypes: true })) {
      try {
        const full = join(path, entry.name);
        // A link that leads outside the root would show the size and age of what it points at: left out.
        if (entry.isSymbolicLink() && !inside(await realpath(full))) continue;
        const stats = await stat(full);
        entries.push({ name: entry.name, directory: stats.isDirectory(), size: stats.size, mtimeMs: stats.mtimeMs });
      } catch {
        // A dangling symlink or an unreadable entry is left out rather than failing the page.
      }
    }
    const body = formatDirectoryListing(urlPath, entries);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendError(request, response, 405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
      return;
    }
    const parsed = parseRequestPath(request.url ?? '/');
    if (!parsed.ok) {
      sendError(request, response, parsed.status, parsed.reason);
      return;
    }
    const found = await resolve(join(root, ...parsed.segments));
    if ('status' in found) {
      sendError(request, response, found.status, found.status === 403 ? 'outside the served directory' : undefined);
      return;
    }
    const urlPath = `/${parsed.segments.map(encodeURIComponent).join('/')}`;
    if (found.stats.isDirectory()) {
      if (!parsed.trailingSlash && parsed.segments.length > 0) {
        response.writeHead(301, { Location: `${urlPath}/`, 'Content-Length': 0 }).end();
        return;
      }
      const index = await resolve(join(found.path, 'index.html'));
      if ('path' in index && index.stats.isFile()) return sendFile(request, response, index.path, index.stats);
      return sendListing(request, response, `/${parsed.segments.map((s) => `${s}/`).join('')}`, found.path);
    }
    // A file is not a directory: `/hello.txt/` names nothing (as open(2) says ENOTDIR).
    if (parsed.trailingSlash) return sendError(request, response, 404);
    // Devices and FIFOs would block or never end: only regular files are served.
    if (!found.stats.isFile()) return sendError(request, response, 403, 'not a regular file');
    return sendFile(request, response, found.path, found.stats);
  }

  return (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendError(request, response, 500);
      else response.destroy();
    });
  };
}
