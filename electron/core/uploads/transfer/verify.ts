import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { crc32Base64, type RangeDigest } from './fileRanges';
import { TransferVerificationError } from './transferErrors';
import type { VerifiedBy } from './types';

/**
 * Is this ETag an MD5 of the bytes? On AWS it is for plaintext and SSE-S3 objects and parts; it is not for
 * SSE-KMS, DSSE-KMS and SSE-C (the response says which), and then only a checksum can tell.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html (ETag). Other stores (s3rver, MinIO
 * without encryption) follow the same rule. A store that returns opaque 32-hex ETags and no encryption
 * header would fail verification: none is known, and a wrong verdict there is a retry, not data loss.
 */
export interface EncryptionInfo {
  ServerSideEncryption?: string | undefined;
  SSECustomerAlgorithm?: string | undefined;
}
const etagIsOpaque = (sse: EncryptionInfo) => Boolean(sse.SSECustomerAlgorithm) || /kms/i.test(sse.ServerSideEncryption ?? '');

/** S3 quotes ETags; the case is kept (an opaque ETag goes back to Complete as it came). */
export const unquote = (etag: string | undefined): string => (etag ?? '').replace(/"/g, '');

/** Throws if S3's ETag for a part it just stored is a comparable MD5 and differs from the bytes read. */
export function checkPartEtag(partNumber: number, etag: string, digest: RangeDigest, sse: EncryptionInfo): void {
  const hex = etag.toLowerCase();
  if (etagIsOpaque(sse) || !/^[0-9a-f]{32}$/.test(hex)) return;
  if (hex !== digest.md5.toString('hex')) throw new TransferVerificationError(`part ${partNumber}: S3 stored different bytes`);
}

/** AWS's multipart ETag: MD5 of the concatenated binary part MD5s, then "-" and the part count. */
export function multipartEtag(parts: RangeDigest[]): string {
  return `${crypto.createHash('md5').update(Buffer.concat(parts.map((p) => p.md5))).digest('hex')}-${parts.length}`;
}

/** S3's COMPOSITE multipart checksum: CRC32 of the concatenated big-endian part CRC32s, then "-" and the count. */
export function compositeCrc32(parts: RangeDigest[]): string {
  const raw = Buffer.concat(parts.map((p) => Buffer.from(crc32Base64(p.crc32), 'base64')));
  return `${crc32Base64(zlib.crc32(raw))}-${parts.length}`;
}

export interface StoredObject {
  /** ETag from PutObject / CompleteMultipartUpload. */
  etag: string;
  /** HeadObject after the upload. */
  contentLength: number | undefined;
  /** HeadObject's ChecksumCRC32 (ChecksumMode ENABLED); only present when checksums were sent. */
  checksumCrc32: string | undefined;
  sse: EncryptionInfo;
}

/**
 * Compares the stored object with what was read from disk, strongest evidence first:
 *  1. size (always): HeadObject's Content-Length must be the staged size;
 *  2. ETag, when it is an MD5 (see above): hex MD5 for a single PUT, MD5-of-part-MD5s-N for multipart;
 *  3. else CRC32, when checksums were sent and S3 reports one: whole-object CRC32 for a single PUT, the
 *     COMPOSITE "crc-N" for multipart. A FULL_OBJECT multipart CRC (no "-N") is not compared: combining
 *     part CRCs needs CRC-combine arithmetic that is not worth it for a case AWS only uses for CRC64NVME;
 *  4. else size only (SSE-KMS with checksums off, or stores without either).
 * A store answering a plain whole-object MD5 for a multipart upload (bare s3rver does; the demo storage's
 * shim answers S3's "-N" form) is not compared — that would need one more full read of the file — and falls
 * to the size check; its parts' ETags were each compared as they were stored.
 * `parts` are the digests of what was read from disk, in part order (one entry for a single PUT).
 */
export function verifyStoredObject(kind: 'single' | 'multipart', stored: StoredObject, parts: RangeDigest[], bytes: number): VerifiedBy {
  if (stored.contentLength !== bytes) throw new TransferVerificationError(`S3 reports ${stored.contentLength ?? 'no'} bytes, the photo has ${bytes}`);
  const etag = unquote(stored.etag).toLowerCase();
  if (!etagIsOpaque(stored.sse)) {
    const single = parts[0];
    if (kind === 'single' && single && /^[0-9a-f]{32}$/.test(etag)) {
      if (etag !== single.md5.toString('hex')) throw new TransferVerificationError('the MD5 ETag differs');
      return 'md5';
    }
    if (kind === 'multipart' && /^[0-9a-f]{32}-\d+$/.test(etag)) {
      if (etag !== multipartEtag(parts)) throw new TransferVerificationError('the multipart ETag differs');
      return 'md5';
    }
  }
  const reported = stored.checksumCrc32;
  if (reported) {
    const expected = kind === 'single' ? crc32Base64(parts[0]?.crc32 ?? 0) : reported.includes('-') ? compositeCrc32(parts) : undefined;
    if (expected !== undefined) {
      if (reported !== expected) throw new TransferVerificationError('the CRC32 checksum differs');
      return 'crc32';
    }
  }
  return 'size';
}
