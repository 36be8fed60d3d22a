/** A self-signed X.509 v3 certificate (RFC 5280 §4.1) for an ECDSA P-256 key. Pure: the key, times and signer are handed in. */
import { isIP } from 'node:net';
import { parseIPv6Groups } from './ipv6.js';
import { bitString, explicit, implicitPrimitive, objectIdentifier, octetString, sequence, set, smallInteger, unsignedInteger, utf8String, x509Time } from './der.js';

/** RFC 5758 §3.2: ecdsa-with-SHA256, with the parameters absent. */
const ecdsaWithSha256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const commonNameOid = '2.5.4.3';
const subjectAltNameOid = '2.5.29.17';
const basicConstraintsOid = '2.5.29.19';

export interface CertificateFields {
  /** The SubjectPublicKeyInfo, DER, as node:crypto exports it (`{type: 'spki', format: 'der'}`). */
  readonly publicKeyInfo: Uint8Array;
  /** Up to 20 random bytes (RFC 5280 §4.1.2.2: positive, at most 20 octets). */
  readonly serial: Uint8Array;
  readonly commonName: string;
  /** Names (dNSName) and IPv4/IPv6 addresses (iPAddress) the certificate is for. */
  readonly altNames: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Signs the to-be-signed bytes: an ECDSA signature over SHA-256, DER (r, s) as node:crypto gives it. */
export type Signer = (tbs: Uint8Array) => Uint8Array;

function ipBytes(address: string): Uint8Array {
  if (isIP(address) === 4) return Uint8Array.from(address.split('.').map(Number));
  return Uint8Array.from((parseIPv6Groups(address) ?? []).flatMap((group) => [group >> 8, group & 0xff]));
}

function generalName(name: string): Uint8Array {
  return isIP(name) ? implicitPrimitive(7, ipBytes(name)) : implicitPrimitive(2, Buffer.from(name, 'ascii'));
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName; here one RDN, the common name. */
function name(commonName: string): Uint8Array {
  return sequence(set(sequence(objectIdentifier(commonNameOid), utf8String(commonName))));
}

function extension(oid: string, value: Uint8Array, critical = false): Uint8Array {
  return critical ? sequence(objectIdentifier(oid), Uint8Array.of(0x01, 0x01, 0xff), octetString(value)) : sequence(objectIdentifier(oid), octetString(value));
}

/** The certificate, DER: TBSCertificate, the algorithm, and the signature over the TBSCertificate. */
export function encodeSelfSignedCertificate(fields: CertificateFields, sign: Signer): Uint8Array {
  const subject = name(fields.commonName);
  const extensions = [
    // cA FALSE (the default, so the SEQUENCE is empty): a leaf, not a CA anyone may chain to.
    extension(basicConstraintsOid, sequence(), true),
    extension(subjectAltNameOid, sequence(...fields.altNames.map(generalName))),
  ];
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(fields.serial),
    ecdsaWithSha256,
    subject,
    sequence(x509Time(fields.notBefore), x509Time(fields.notAfter)),
    subject,
    fields.publicKeyInfo,
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, ecdsaWithSha256, bitString(sign(tbs)));
}

/** `AB:CD:...`: a certificate's SHA-256 digest as openssl x509 -fingerprint and ncat print it. */
export function formatFingerprint(digest: Uint8Array): string {
  return Buffer.from(digest).toString('hex').toUpperCase().match(/../g)!.join(':');
}

/** PEM armour (RFC 7468): base64 in 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}
