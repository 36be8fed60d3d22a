/** The package version, inlined by the bundler; sources run under tests report a dev version. */
declare const NETTOOL_VERSION: string | undefined;
export const version: string = typeof NETTOOL_VERSION === 'string' ? NETTOOL_VERSION : '0.0.0-dev';
