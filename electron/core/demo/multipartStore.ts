import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { S3rverStore } from 's3rver';

/**
 * Reads and tidies s3rver 3.7's unfinished multipart uploads, which it keeps as plain files but never lists
 * (lib/stores/filesystem.js `initiateUpload` / `putPart` / `putObjectMultipart`):
 *
 *   <bucket>/._S3rver_uploads/<uploadId>/key        the object key, written once at CreateMultipartUpload
 *                                       /metadata   the CreateMultipartUpload request headers (JSON)
 *                                       /<N>        part N's bytes
 *                                       /<N>.md5    part N's hex MD5 (its ETag), written after the bytes
 *                                       /<N>.crc32  ours: the x-amz-checksum-crc32 part N was sent with
 *
 * s3rver removes the folder when the upload completes. Everything here is derived from those files, so
 * uploads survive restarts of the demo storage, as they survive on S3.
 */

/** One stored part. */
export interface StoredPart {
  partNumber: number;
  /** Hex MD5 of the part, unquoted: S3's part ETag. */
  md5: string;
  size: number;
  lastModified: Date;
  /** Base64 CRC32 the part was uploaded with, if any. */
  checksumCrc32: string | undefined;
}

/** One unfinished multipart upload. */
export interface StoredUpload {
  bucket: string;
  uploadId: string;
  key: string;
  /** When CreateMultipartUpload ran: the `key` file is written then and never again. */
  initiated: Date;
  /** `x-amz-checksum-algorithm` of CreateMultipartUpload (e.g. `CRC32`), if any. */
  checksumAlgorithm: string | undefined;
  dir: string;
}

/** s3rver's upload ids: 16 random bytes in hex. Anything else is refused before it becomes a path. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const PART_FILE = /^[1-9]\d*$/;

export class S3rverUploads {
  constructor(private readonly store: S3rverStore) {}

  /** The upload `uploadId` of `key`, or undefined when there is none (never created, aborted, completed). */
  async find(bucket: string, key: string, uploadId: string): Promise<StoredUpload | undefined> {
    const upload = UPLOAD_ID.test(uploadId) ? await this.read(bucket, uploadId) : undefined;
    return upload?.key === key ? upload : undefined;
  }

  /** Every unfinished upload of the bucket, in no particular order. */
  async list(bucket: string): Promise<StoredUpload[]> {
    const names = await fs.promises.readdir(this.uploadsDir(bucket)).catch(orEmpty);
    const uploads = await Promise.all(names.filter((name) => UPLOAD_ID.test(name)).map((name) => this.read(bucket, name)));
    return uploads.filter((upload) => upload !== undefined);
  }

  /** The upload's complete parts, by part number. A part whose MD5 is not written yet is still arriving. */
  async parts(upload: StoredUpload): Promise<StoredPart[]> {
    const names = new Set(await fs.promises.readdir(upload.dir).catch(orEmpty));
    const numbers = [...names].filter((name) => PART_FILE.test(name) && names.has(`${name}.md5`)).map(Number);
    const parts = await Promise.all(
      numbers.map(async (partNumber): Promise<StoredPart | undefined> => {
        const file = path.join(upload.dir, String(partNumber));
        try {
          const [stat, md5, checksumCrc32] = await Promise.all([fs.promises.stat(file), fs.promises.readFile(`${file}.md5`, 'utf8'), readOptional(`${file}.crc32`)]);
          return { partNumber, md5, size: stat.size, lastModified: stat.mtime, checksumCrc32 };
        } catch (error) {
          return orUndefined(error); // aborted or completed while listing
        }
      }),
    );
    return parts.filter((part) => part !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Where s3rver writes part `partNumber` of the upload. */
  partFile(upload: StoredUpload, partNumber: number): string {
    return path.join(upload.dir, String(partNumber));
  }

  /**
   * Before part `partNumber` is sent again: s3rver overwrites the bytes in place and writes the MD5 last, so
   * until then the part is not listed, rather than listed with the old part's MD5 and checksum (which a
   * client that gives up halfway would otherwise leave next to half the new bytes).
   */
  async forgetPart(upload: StoredUpload, partNumber: number): Promise<void> {
    const file = this.partFile(upload, partNumber);
    await Promise.all([fs.promises.rm(`${file}.md5`, { force: true }), fs.promises.rm(`${file}.crc32`, { force: true })]);
  }

  /** Remembers the CRC32 a part was sent with. */
  async setPartChecksum(upload: StoredUpload, partNumber: number, checksumCrc32: string): Promise<void> {
    await fs.promises.writeFile(`${this.partFile(upload, partNumber)}.crc32`, checksumCrc32);
  }

  /** Is the upload still there? A part stored while it was aborted or completed recreates a keyless folder. */
  async exists(upload: StoredUpload): Promise<boolean> {
    return (await readOptional(path.join(upload.dir, 'key'))) === upload.key;
  }

  /** AbortMultipartUpload: the upload and its parts are gone. */
  async remove(upload: StoredUpload): Promise<void> {
    await fs.promises.rm(upload.dir, { recursive: true, force: true });
  }

  /**
   * Gives a completed object S3's multipart ETag, `md5(part MD5s, concatenated as binary)-N`, instead of
   * s3rver's whole-object MD5: s3rver serves whatever its `object.md5` file holds as the ETag of
   * HeadObject, GetObject and ListObjects. Returns the new ETag, unquoted.
   */
  async setMultipartEtag(bucket: string, key: string, partMd5s: string[]): Promise<string> {
    const digest = crypto.createHash('md5').update(Buffer.concat(partMd5s.map((md5) => Buffer.from(md5, 'hex')))).digest('hex');
    const etag = `${digest}-${partMd5s.length}`;
    await fs.promises.writeFile(this.store.getResourcePath(bucket, key, 'object.md5'), etag);
    return etag;
  }

  /** Where s3rver writes an object's bytes. */
  objectFile(bucket: string, key: string): string {
    return this.store.getResourcePath(bucket, key, 'object');
  }

  private uploadsDir(bucket: string): string {
    return this.store.getResourcePath(bucket, undefined, 'uploads');
  }

  private async read(bucket: string, uploadId: string): Promise<StoredUpload | undefined> {
    const dir = path.join(this.uploadsDir(bucket), uploadId);
    try {
      const keyFile = path.join(dir, 'key');
      const [key, stat, metadata] = await Promise.all([fs.promises.readFile(keyFile, 'utf8'), fs.promises.stat(keyFile), fs.promises.readFile(path.join(dir, 'metadata'), 'utf8')]);
      // s3rver writes `key` and `metadata` side by side: while CreateMultipartUpload runs, either may be empty.
      if (key === '' || metadata === '') return undefined;
      const algorithm = (JSON.parse(metadata) as Record<string, unknown>)['x-amz-checksum-algorithm'];
      return { bucket, uploadId, key, initiated: stat.mtime, checksumAlgorithm: typeof algorithm === 'string' ? algorithm.toUpperCase() : undefined, dir };
    } catch (error) {
      return orUndefined(error);
    }
  }
}

/** Polls until `file` has `size` bytes (or `timeoutMs` passed): s3rver answers once the bytes have passed its
 * MD5 transform, before its write stream has flushed them, so a ListParts, HeadObject or Complete sent right
 * after the answer could otherwise see a short file. */
export async function untilFileSize(file: string, size: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 1; Date.now() < deadline; wait = Math.min(wait * 2, 50)) {
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat?.size === size) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '');
const orEmpty = (error: unknown): string[] => {
  if (isMissing(error)) return [];
  throw error;
};
const orUndefined = (error: unknown): undefined => {
  if (isMissing(error)) return undefined;
  throw error;
};
const readOptional = (file: string) => fs.promises.readFile(file, 'utf8').catch(orUndefined);
