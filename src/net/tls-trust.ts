/** Which certificates a TLS client trusts: the system's, plus --ca, or none checked with --insecure. */

export interface TlsSettings {
  /** A CA certificate (PEM) to trust besides the system's, from --ca. */
  readonly ca?: string;
  /** --insecure: no certificate check at all. */
  readonly insecure?: boolean;
}

/** Node's `ca` replaces the built-in roots; --ca adds to them, so both go in. */
export function trustedCas(settings: TlsSettings, rootCertificates: readonly string[]): string[] | undefined {
  return settings.ca === undefined ? undefined : [...rootCertificates, settings.ca];
}
