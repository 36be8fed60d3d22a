/** The HTML page for a directory listing: names escaped for HTML, links percent-encoded. No fs. */

export interface ListingEntry {
  readonly name: string;
  readonly directory: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `urlPath` is the decoded path shown in the title (`/docs/`); entries are listed directories first. */
export function formatDirectoryListing(urlPath: string, entries: readonly ListingEntry[]): string {
  const sorted = [...entries].sort((a, b) => Number(b.directory) - Number(a.directory) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = sorted.map((entry) => {
    const name = entry.directory ? `${entry.name}/` : entry.name;
    const href = encodeURIComponent(entry.name) + (entry.directory ? '/' : '');
    const size = entry.directory ? '-' : String(entry.size);
    const modified = new Date(entry.mtimeMs).toISOString().replace('T', ' ').slice(0, 19);
    return `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></td><td>${size}</td><td>${modified}</td></tr>`;
  });
  const parent = urlPath === '/' ? '' : '<tr><td><a href="../">../</a></td><td></td><td></td></tr>\n';
  const title = `Index of ${escapeHtml(urlPath)}`;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<table><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr>
${parent}${rows.join('\n')}
</table></body></html>
`;
}
