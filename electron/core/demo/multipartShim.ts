import type { S3rverContext, S3rverMiddleware, S3rverStore } from 's3rver';
import { checkCompleteParts, parseCompleteRequest } from './completeRequest';
import { S3rverUploads, untilFileSize, type StoredUpload } from './multipartStore';
import { BodyError, crc32Base64, readBody, replayBody } from './requestBody';

/**
 * What a resumable multipart uploader needs and s3rver 3.7.1 (its last release) lacks, as one s3rver
 * middleware. s3rver implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload, but answers
 * ListParts, AbortMultipartUpload and ListMultipartUploads with 405/NotImplemented, stores parts for uploads
 * that do not exist, and ignores `x-amz-checksum-crc32`. The upload engine (uploads/transfer/) resumes with
 * ListParts, cancels with AbortMultipartUpload and checks each part's CRC32; `vitrina reconcile` lists
 * leftovers with ListMultipartUploads; `vitrina doctor` probes all of them. So this answers:
 *
 * - ListMultipartUploads (`GET /<bucket>?uploads`): prefix, key-marker/upload-id-marker paging, max-uploads;
 * - ListParts (`GET ?uploadId`): part-number-marker paging, max-parts, each part's CRC32;
 * - AbortMultipartUpload (`DELETE ?uploadId`);
 * - NoSuchUpload for UploadPart, CompleteMultipartUpload, ListParts and Abort of an unknown upload;
 * - `x-amz-checksum-crc32` on PutObject and UploadPart: verified before s3rver stores a byte (BadDigest),
 *   echoed, and remembered per part;
 * - CompleteMultipartUpload as S3 checks it (InvalidPart, InvalidPartOrder, EntityTooSmall), with S3's
 *   multipart ETag `md5(part MD5s)-N` instead of s3rver's whole-object MD5, so that the engine can verify
 *   a multipart object as it does on AWS.
 *
 * Everything else goes to s3rver untouched. It reads s3rver's own files (multipartStore.ts), so uploads
 * survive a restart. Requests answered here skip s3rver's authentication middleware, which accepts any
 * signature anyway; the demo storage is anonymous-friendly by design, and the tests put a SigV4 gate in front.
 */
export interface MultipartShimOptions {
  /** The most parts per ListParts page and uploads per ListMultipartUploads page. S3's is 1,000; tests lower it to page through a handful. */
  maxPageSize?: number;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** s3rver's one account (lib/models/account.js DUMMY_ACCOUNT), which owns everything it stores. */
const OWNER = { ID: '123456789000', DisplayName: 'S3rver' };
/** A Complete document for 10,000 parts with checksums is about 1.5 MB; anything much bigger is refused before it is held in memory. */
const MAX_COMPLETE_BODY = 4 * 1024 * 1024;

export function multipartShim(store: S3rverStore, options: MultipartShimOptions = {}): S3rverMiddleware {
  const uploads = new S3rverUploads(store);
  const pageSize = options.maxPageSize ?? 1000;
  return async (ctx, next) => {
    const target = parseTarget(ctx.path);
    if (!target || !isHandled(ctx, target.key)) return next();
    const { bucket, key } = target;
    if (!(await store.getBucket(bucket))) return s3Error(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist.');
    if (key === undefined) return listUploads(ctx, uploads, bucket, pageSize);
    const uploadId = single(ctx.query.uploadId);
    if (uploadId === undefined) return putObject(ctx, next, uploads.objectFile(bucket, key));
    const upload = await uploads.find(bucket, key, uploadId);
    if (!upload) return noSuchUpload(ctx);
    switch (ctx.method) {
      case 'GET':
        return listParts(ctx, uploads, upload, pageSize);
      case 'DELETE':
        await uploads.remove(upload);
        ctx.status = 204;
        return;
      case 'PUT':
        return uploadPart(ctx, next, uploads, upload);
      case 'POST':
        return completeUpload(ctx, next, uploads, upload);
      default:
        return next();
    }
  };
}

/** ListMultipartUploads on a bucket; anything with an uploadId on a key; a PutObject carrying a CRC32. */
function isHandled(ctx: S3rverContext, key: string | undefined): boolean {
  if (key === undefined) return ctx.method === 'GET' && 'uploads' in ctx.query;
  if ('uploadId' in ctx.query) return true;
  return ctx.method === 'PUT' && ctx.get('x-amz-checksum-crc32') !== '' && ctx.get('x-amz-copy-source') === '';
}

async function listUploads(ctx: S3rverContext, uploads: S3rverUploads, bucket: string, pageSize: number): Promise<void> {
  // Not needed by Vitrina (reconcile lists by prefix); refused rather than answered wrongly.
  if ('delimiter' in ctx.query) return s3Error(ctx, 501, 'NotImplemented', 'The demo storage lists multipart uploads without a delimiter.');
  const max = countParam(ctx, 'max-uploads', pageSize);
  if (max === undefined) return;
  const prefix = single(ctx.query.prefix) ?? '';
  const keyMarker = single(ctx.query['key-marker']) ?? '';
  // As on S3, upload-id-marker means nothing without key-marker.
  const uploadIdMarker = keyMarker ? single(ctx.query['upload-id-marker']) : undefined;
  // S3's order: by key (UTF-8 bytes), then by initiation; the upload id only breaks ties.
  const all = (await uploads.list(bucket))
    .filter((upload) => upload.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime() || (a.uploadId < b.uploadId ? -1 : 1));
  const markerAt = uploadIdMarker === undefined ? -1 : all.findIndex((u) => u.key === keyMarker && u.uploadId === uploadIdMarker);
  const after = all.filter((u, i) =>
    markerAt >= 0
      ? i > markerAt
      : // No marker upload (none given, or it was completed or aborted since): S3's documented rule.
        compareKeys(u.key, keyMarker) > 0 || (uploadIdMarker !== undefined && u.key === keyMarker && u.uploadId > uploadIdMarker),
  );
  const page = after.slice(0, Math.min(max, pageSize));
  const last = page.at(-1);
  ctx.body = {
    ListMultipartUploadsResult: {
      '@': { xmlns: XMLNS },
      Bucket: bucket,
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker ?? '',
      NextKeyMarker: last?.key,
      NextUploadIdMarker: last?.uploadId,
      Prefix: prefix,
      MaxUploads: max,
      IsTruncated: after.length > page.length && page.length > 0,
      Upload: page.map((upload) => ({
        Key: upload.key,
        UploadId: upload.uploadId,
        Initiator: OWNER,
        Owner: OWNER,
        StorageClass: 'STANDARD',
        Initiated: upload.initiated.toISOString(),
        ChecksumAlgorithm: upload.checksumAlgorithm,
      })),
    },
  };
}

async function listParts(ctx: S3rverContext, uploads: S3rverUploads, upload: StoredUpload, pageSize: number): Promise<void> {
  const marker = countParam(ctx, 'part-number-marker', 0);
  const max = countParam(ctx, 'max-parts', pageSize);
  if (marker === undefined || max === undefined) return;
  const after = (await uploads.parts(upload)).filter((part) => part.partNumber > marker);
  const page = after.slice(0, Math.min(max, pageSize));
  ctx.body = {
    ListPartsResult: {
      '@': { xmlns: XMLNS },
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
      MaxParts: max,
      IsTruncated: after.length > page.length && page.length > 0,
      Part: page.map((part) => ({
        PartNumber: part.partNumber,
        LastModified: part.lastModified.toISOString(),
        ETag: JSON.stringify(part.md5),
        Size: part.size,
        ChecksumCRC32: part.checksumCrc32,
      })),
      Initiator: OWNER,
      Owner: OWNER,
      StorageClass: 'STANDARD',
      ChecksumAlgorithm: upload.checksumAlgorithm,
    },
  };
}

async function putObject(ctx: S3rverContext, next: () => Promise<void>, file: string): Promise<void> {
  const checked = await checkBody(ctx);
  if (!checked) return;
  await next();
  await stored(ctx, file, checked);
}

async function uploadPart(ctx: S3rverContext, next: () => Promise<void>, uploads: S3rverUploads, upload: StoredUpload): Promise<void> {
  const partNumber = Number(single(ctx.query.partNumber));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000)
    return s3Error(ctx, 400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  const checked = await checkBody(ctx);
  if (!checked) return;
  // A part sent again replaces the old one, its ETag and its checksum.
  await uploads.forgetPart(upload, partNumber);
  await next();
  if (!(await stored(ctx, uploads.partFile(upload, partNumber), checked))) return;
  if (!(await uploads.exists(upload))) {
    // Aborted or completed while this part was arriving: s3rver recreated the folder for it. S3 would not keep it.
    await uploads.remove(upload);
    return noSuchUpload(ctx);
  }
  if (checked.checksum) await uploads.setPartChecksum(upload, partNumber, checked.checksum);
}

async function completeUpload(ctx: S3rverContext, next: () => Promise<void>, uploads: S3rverUploads, upload: StoredUpload): Promise<void> {
  const body = await bodyOrAnswer(ctx, MAX_COMPLETE_BODY);
  if (!body) return;
  const requested = parseCompleteRequest(body.toString('utf8'));
  if (!requested) return s3Error(ctx, 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  const parts = await uploads.parts(upload);
  const refused = checkCompleteParts(requested, parts);
  if (refused) return s3Error(ctx, 400, refused.code, refused.message);
  replayBody(ctx, body);
  await next();
  const result = (ctx.body as { CompleteMultipartUploadResult?: { ETag?: string } } | null | undefined)?.CompleteMultipartUploadResult;
  if (ctx.status !== 200 || !result) return;
  const used = requested.map((r) => parts.find((part) => part.partNumber === r.partNumber)!);
  await untilFileSize(uploads.objectFile(upload.bucket, upload.key), used.reduce((sum, part) => sum + part.size, 0));
  result.ETag = JSON.stringify(await uploads.setMultipartEtag(upload.bucket, upload.key, used.map((part) => part.md5)));
}

interface CheckedBody {
  /** The CRC32 the client sent and the bytes have. */
  checksum: string | undefined;
  /** Bytes s3rver is about to write, when known. */
  size: number | undefined;
}

/** S3 verifies a body's CRC32 before storing anything. Undefined: the request was answered (BadDigest, …). */
async function checkBody(ctx: S3rverContext): Promise<CheckedBody | undefined> {
  const checksum = ctx.get('x-amz-checksum-crc32') || undefined;
  const declared = ctx.get('content-length');
  if (checksum === undefined) return { checksum, size: declared === '' ? undefined : Number(declared) };
  const body = await bodyOrAnswer(ctx);
  if (!body) return undefined;
  if (crc32Base64(body) !== checksum) return s3Error(ctx, 400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  replayBody(ctx, body);
  return { checksum, size: body.length };
}

/** After s3rver stored a body: wait until it is on disk, echo the checksum. False when s3rver refused it. */
async function stored(ctx: S3rverContext, file: string, checked: CheckedBody): Promise<boolean> {
  if (ctx.status !== 200) return false;
  if (checked.size !== undefined) await untilFileSize(file, checked.size);
  if (checked.checksum) ctx.set('x-amz-checksum-crc32', checked.checksum);
  return true;
}

async function bodyOrAnswer(ctx: S3rverContext, limit?: number): Promise<Buffer | undefined> {
  try {
    return await readBody(ctx, limit);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.reason === 'incomplete') return s3Error(ctx, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    return s3Error(ctx, 400, 'EntityTooLarge', 'The demo storage checks the checksums of requests up to 256 MiB; use a smaller part size or s3.checksums = when-required.');
  }
}

/**
 * `/<bucket>[/<key>]`, decoded (the SDK addresses a bucket as `/<bucket>/`); undefined for the service root
 * or a path that is not valid percent-encoding.
 */
function parseTarget(urlPath: string): { bucket: string; key: string | undefined } | undefined {
  const match = /^\/([^/]+)(?:\/(.*))?$/s.exec(urlPath);
  if (!match) return undefined;
  try {
    return { bucket: decodeURIComponent(match[1]!), key: match[2] ? decodeURIComponent(match[2]) : undefined };
  } catch {
    return undefined;
  }
}

/** A non-negative integer query parameter; undefined (and a 400 answer) when it is not one. */
function countParam(ctx: S3rverContext, name: string, fallback: number): number | undefined {
  const raw = single(ctx.query[name]);
  if (raw === undefined) return fallback;
  if (/^\d{1,9}$/.test(raw)) return Number(raw);
  s3Error(ctx, 400, 'InvalidArgument', `${name} must be a non-negative integer.`);
  return undefined;
}

function noSuchUpload(ctx: S3rverContext): void {
  s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
}

/** An S3 error document (s3rver's encoder turns it into XML). Any unread body is drained. Returns undefined for `return s3Error(…)`. */
function s3Error(ctx: S3rverContext, status: number, code: string, message: string): undefined {
  if (!ctx.req.readableEnded) ctx.req.resume();
  ctx.status = status;
  ctx.body = { Error: { Code: code, Message: message } };
  return undefined;
}

/** S3 orders keys by their UTF-8 bytes, which differs from JavaScript's UTF-16 order for some characters. */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
