import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RangeDigest } from '../../../../../electron/core/uploads/transfer/fileRanges';
import { TransferVerificationError } from '../../../../../electron/core/uploads/transfer';
import { checkPartEtag, verifyStoredObject, type StoredObject } from '../../../../../electron/core/uploads/transfer/verify';

// The branches s3rver never takes (AWS's "-N" ETags, SSE-KMS, stored CRC32s), on digests of real bytes.
// The expected values are built here from the documented definitions, not with the module's helpers.
const chunks = [crypto.randomBytes(1000), crypto.randomBytes(1000), crypto.randomBytes(10)];
const digest = (b: Buffer): RangeDigest => ({ md5: crypto.createHash('md5').update(b).digest(), crc32: zlib.crc32(b) >>> 0, size: b.length });
const parts = chunks.map(digest);
const bytes = 2010;
const be32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
// AWS: ETag of a multipart object = hex(md5(md5(part1) ‖ md5(part2) ‖ …)) + "-" + count.
const awsEtag = `"${crypto.createHash('md5').update(Buffer.concat(chunks.map((c) => crypto.createHash('md5').update(c).digest()))).digest('hex')}-3"`;
// COMPOSITE checksum = base64(crc32(crc32(part1) ‖ …)) + "-" + count, each CRC big-endian.
const composite = `${be32(zlib.crc32(Buffer.concat(chunks.map((c) => be32(zlib.crc32(c)))))).toString('base64')}-3`;
const stored = (extra: Partial<StoredObject>): StoredObject => ({ etag: awsEtag, contentLength: bytes, checksumCrc32: undefined, sse: {}, ...extra });

describe('verifying the stored object', () => {
  it('compares an AWS multipart ETag with the MD5 of the part MD5s', () => {
    expect(verifyStoredObject('multipart', stored({}), parts, bytes)).toBe('md5');
    expect(() => verifyStoredObject('multipart', stored({}), [parts[1]!, parts[0]!, parts[2]!], bytes)).toThrow(TransferVerificationError);
  });

  it('compares a single PUT ETag with the MD5 of the file', () => {
    const whole = digest(Buffer.concat(chunks));
    expect(verifyStoredObject('single', stored({ etag: `"${whole.md5.toString('hex')}"` }), [whole], bytes)).toBe('md5');
    expect(() => verifyStoredObject('single', stored({ etag: `"${'0'.repeat(32)}"` }), [whole], bytes)).toThrow(/MD5 ETag differs/);
  });

  it('falls back to the COMPOSITE CRC32 when the ETag is not an MD5 (SSE-KMS)', () => {
    const kms = { sse: { ServerSideEncryption: 'aws:kms' }, etag: '"ffffffffffffffffffffffffffffffff-3"' };
    expect(verifyStoredObject('multipart', stored({ ...kms, checksumCrc32: composite }), parts, bytes)).toBe('crc32');
    expect(() => verifyStoredObject('multipart', stored({ ...kms, checksumCrc32: `AAAAAA==-3` }), parts, bytes)).toThrow(/CRC32 checksum differs/);
  });

  it('falls back to the whole-object CRC32 for a single PUT with SSE-C', () => {
    const whole = digest(Buffer.concat(chunks));
    const sse = { SSECustomerAlgorithm: 'AES256' };
    expect(verifyStoredObject('single', stored({ sse, etag: '"abc"', checksumCrc32: be32(zlib.crc32(Buffer.concat(chunks))).toString('base64') }), [whole], bytes)).toBe('crc32');
  });

  it('checks the size only when neither can be compared (KMS without checksums, FULL_OBJECT CRC, s3rver multipart)', () => {
    const kms = { sse: { ServerSideEncryption: 'aws:kms' }, etag: '"ffffffffffffffffffffffffffffffff-3"' };
    expect(verifyStoredObject('multipart', stored(kms), parts, bytes)).toBe('size');
    expect(verifyStoredObject('multipart', stored({ ...kms, checksumCrc32: 'AAAAAA==' }), parts, bytes)).toBe('size');
    expect(verifyStoredObject('multipart', stored({ etag: `"${'a'.repeat(32)}"` }), parts, bytes)).toBe('size');
    expect(() => verifyStoredObject('multipart', stored({ contentLength: bytes - 1 }), parts, bytes)).toThrow(/2009 bytes, the photo has 2010/);
  });

  it('compares a part ETag with its MD5 unless the part is encrypted with KMS', () => {
    const part = parts[0]!;
    expect(() => checkPartEtag(1, part.md5.toString('hex').toUpperCase(), part, {})).not.toThrow();
    expect(() => checkPartEtag(1, '0'.repeat(32), part, {})).toThrow(/part 1/);
    expect(() => checkPartEtag(1, '0'.repeat(32), part, { ServerSideEncryption: 'aws:kms' })).not.toThrow();
  });
});
