import crypto from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { errorCodes } from '../../connections/networkErrors';
import { AppFailure } from '../../errors';
import { TransferAbortedError } from './transferErrors';

/**
 * Reading byte ranges of a staged file, twice per range: once to digest it (the CRC32 must be in the
 * request headers before the first body byte, and the MD5 is what S3's ETag is compared with), then once
 * as the request body. The second read comes from the page cache; in exchange memory stays at a few
 * stream buffers per part in flight, whatever the part size (no part is ever held in memory).
 */

export interface RangeDigest {
  md5: Buffer;
  /** CRC32 (IEEE, as S3's x-amz-checksum-crc32), unsigned. */
  crc32: number;
  size: number;
}

const READ_CHUNK = 1024 * 1024;
const EMPTY_MD5 = crypto.createHash('md5').digest();

/** A staged file that cannot be read is a local problem, never an S3 one: say so instead of "S3 answered…". */
function unreadable(error: unknown): AppFailure {
  return new AppFailure('internal', `The staged copy of the photo could not be read (${errorCodes(error)[0] ?? 'read error'}). Remove the photo from the queue and add it again.`);
}

/** MD5 and CRC32 of `size` bytes at `start`. Node's native zlib.crc32 (Node ≥ 20.15) keeps this cheap. */
export async function digestRange(path: string, start: number, size: number, signal?: AbortSignal): Promise<RangeDigest> {
  if (signal?.aborted) throw new TransferAbortedError(signal.reason);
  if (size === 0) return { md5: EMPTY_MD5, crc32: 0, size: 0 };
  const md5 = crypto.createHash('md5');
  let crc32 = 0;
  let read = 0;
  try {
    for await (const chunk of fs.createReadStream(path, { start, end: start + size - 1, highWaterMark: READ_CHUNK, signal })) {
      md5.update(chunk as Buffer);
      crc32 = zlib.crc32(chunk as Buffer, crc32);
      read += (chunk as Buffer).length;
    }
  } catch (error) {
    if (signal?.aborted) throw new TransferAbortedError(signal.reason);
    throw unreadable(error);
  }
  if (read !== size) throw new AppFailure('internal', `The staged copy of the photo is shorter than recorded (${start + read} of ${start + size} bytes). Remove the photo from the queue and add it again.`);
  return { md5: md5.digest(), crc32: crc32 >>> 0, size };
}

/**
 * The range as a request body. `onBytes` sees each chunk as the HTTP client pulls it, which is what
 * progress shows as "in flight". The caller destroys the stream when the request settles, so an aborted
 * or failed request never leaves a file descriptor open.
 */
export function rangeBody(path: string, start: number, size: number, onBytes: (n: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  if (size === 0) {
    counter.end();
    return counter;
  }
  const file = fs.createReadStream(path, { start, end: start + size - 1, highWaterMark: READ_CHUNK });
  // Errors travel to `counter`, which the HTTP client is reading; the promise itself needs no handler.
  pipeline(file, counter).catch(() => undefined);
  return counter;
}

/** S3's wire format for a CRC32: base64 of the 4 big-endian bytes. */
export function crc32Base64(crc32: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32 >>> 0);
  return bytes.toString('base64');
}
