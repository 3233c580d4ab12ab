import type S3rver from 's3rver';
import type { S3rverContext, S3rverMiddleware } from 's3rver';
import { multipartShim, type MultipartShimOptions } from './multipartShim';

/**
 * Three additions to s3rver for the demo storage, installed just before s3rver's router so that they run
 * inside its XML encoder (a plain-object `ctx.body` set here becomes an S3 XML document):
 *
 * 1. `loopbackHostOnly` — the server listens on 127.0.0.1 only, but a web page can still reach it through
 *    DNS rebinding (a hostile name resolving to 127.0.0.1). s3rver accepts anonymous requests, so requests
 *    whose Host is not a loopback name are refused, as dev:web does.
 * 2. `listObjectsV2WithoutDes` — s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES-CBC
 *    (`generateContinuationToken` / `decipherContinuationToken` in lib/controllers/bucket.js). OpenSSL 3
 *    moved DES to its legacy provider, so on Node ≥ 17 every truncated page, and every request carrying a
 *    continuation token, fails with ERR_OSSL_EVP_UNSUPPORTED (HTTP 500) unless Node runs with
 *    `--openssl-legacy-provider` — a process-wide start-up flag that the app cannot set for its own process,
 *    and that Electron (BoringSSL) does not have. Upstream: https://github.com/jamhall/s3rver/issues/818
 *    (3.7.1 is the last release). So ListObjectsV2 is answered through s3rver's ListObjects (v1) path, which pages by
 *    marker with no cryptography, and the result is reshaped into a v2 document whose continuation token
 *    is simply the last key, base64-encoded (opaque to clients, as S3's is).
 * 3. `multipartShim` — the multipart calls and checks s3rver lacks (ListParts, AbortMultipartUpload,
 *    ListMultipartUploads, NoSuchUpload, CRC32, S3's multipart ETag); see multipartShim.ts.
 */
export function installDemoMiddleware(app: S3rver, options: MultipartShimOptions = {}): void {
  const router = app.middleware.findIndex((middleware) => 'router' in middleware);
  // Fail loudly at start-up (and in the demo tests) if an s3rver upgrade reorganised its stack.
  if (router < 0) throw new Error('s3rver: router middleware not found; see electron/core/demo/s3rverMiddleware.ts');
  app.middleware.splice(router, 0, loopbackHostOnly, listObjectsV2WithoutDes, multipartShim(app.store, options));
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost']);

/** Refuses requests addressed to any host name but loopback's (see installDemoMiddleware). */
export const loopbackHostOnly: S3rverMiddleware = (ctx, next) => {
  if (LOOPBACK_NAMES.has(ctx.hostname)) return next();
  ctx.status = 403;
  ctx.body = { Error: { Code: 'AccessDenied', Message: 'The demo storage only answers requests addressed to 127.0.0.1.' } };
};

interface ListBucketResultV1 {
  '@': unknown;
  Name: string;
  Prefix: string;
  MaxKeys: unknown;
  Delimiter?: string;
  IsTruncated: boolean;
  Contents: { Key: string; Owner?: unknown }[];
  CommonPrefixes: { Prefix: string }[];
}

/** ListObjectsV2 answered by s3rver's v1 listing, with no DES (see installDemoMiddleware). */
export const listObjectsV2WithoutDes: S3rverMiddleware = async (ctx, next) => {
  // `marker` is invalid with list-type=2: let s3rver answer that with its own InvalidArgument error.
  if (!isListObjectsV2(ctx) || 'marker' in ctx.query) return next();
  const { 'list-type': _listType, 'continuation-token': tokenParam, 'start-after': startAfterParam, 'fetch-owner': fetchOwner, ...rest } = ctx.query;
  const token = single(tokenParam);
  const startAfter = single(startAfterParam);
  const marker = token ? decodeToken(token) : startAfter;
  ctx.query = marker ? { ...rest, marker } : rest;
  await next();
  const v1 = (ctx.body as { ListBucketResult?: ListBucketResultV1 } | null | undefined)?.ListBucketResult;
  if (!v1) return;
  // The v1 path always includes each object's owner; v2 only when asked for.
  const contents = fetchOwner === 'true' ? v1.Contents : v1.Contents.map(({ Owner: _owner, ...object }) => object);
  const lastKey = v1.Contents.at(-1)?.Key;
  ctx.body = {
    ListBucketResult: {
      '@': v1['@'],
      Name: v1.Name,
      Prefix: v1.Prefix,
      StartAfter: token ? undefined : startAfter,
      ContinuationToken: token,
      NextContinuationToken: v1.IsTruncated && lastKey !== undefined ? encodeToken(lastKey) : undefined,
      KeyCount: contents.length + v1.CommonPrefixes.length,
      MaxKeys: v1.MaxKeys,
      Delimiter: v1.Delimiter,
      IsTruncated: v1.IsTruncated,
      Contents: contents,
      CommonPrefixes: v1.CommonPrefixes,
    },
  };
};

/** GET on a bucket (path style: `/<bucket>` or `/<bucket>/`) with `list-type=2`. */
function isListObjectsV2(ctx: S3rverContext): boolean {
  return ctx.method === 'GET' && ctx.query['list-type'] === '2' && /^\/[^/]+\/?$/.test(ctx.path);
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
const encodeToken = (key: string) => Buffer.from(key, 'utf8').toString('base64');
const decodeToken = (token: string) => Buffer.from(token, 'base64').toString('utf8');
