/** The system's services table: /etc/services when present, else the built-in list. Read once, lazily. */
import { readFileSync } from 'node:fs';
import { builtinServicesText } from '../protocol/builtin-services.js';
import { parseServices, ServiceTable } from '../protocol/services.js';
import type { ServiceLookup } from '../protocol/address.js';

export interface LoadedServices {
  readonly table: ServiceTable;
  /** `/etc/services` or `built-in`. */
  readonly source: string;
}

let cached: LoadedServices | undefined;

export function loadServices(path = '/etc/services'): LoadedServices {
  if (cached && path === '/etc/services') return cached;
  let loaded: LoadedServices;
  try {
    loaded = { table: new ServiceTable(parseServices(readFileSync(path, 'utf8'))), source: path };
  } catch {
    loaded = { table: new ServiceTable(parseServices(builtinServicesText)), source: 'built-in' };
  }
  if (path === '/etc/services') cached = loaded;
  return loaded;
}

/** Resolves `http` → 80 for address parsing. */
export const lookupService: ServiceLookup = (name, protocol) => loadServices().table.portOf(name, protocol);
