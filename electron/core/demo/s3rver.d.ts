/**
 * The slice of s3rver 3.7 (which ships no types) that the demo storage uses. s3rver is a Koa application;
 * only Koa's public surface (`middleware`, `callback()`, the `error` event, the context members below),
 * s3rver's documented `configureBuckets()` and two helpers of its filesystem store are declared, so an
 * upgrade that changes them fails the type check or the demo tests rather than the app.
 */
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { Readable } from 'node:stream';

  /** The part of Koa's request context that demo middleware reads and writes. */
  export interface S3rverContext {
    method: string;
    /** The path after s3rver's vhost rewrite: `/<bucket>[/<key>]`, still percent-encoded. */
    path: string;
    /** From the Host header, without the port. */
    hostname: string;
    /** Parsed query; assigning a new object rewrites the query string the routes see. */
    query: Record<string, string | string[] | undefined>;
    status: number;
    /** A plain object here is serialised to XML by s3rver on the way out. */
    body: unknown;
    /**
     * The request body as s3rver's handlers read it (PutObject, UploadPart, CompleteMultipartUpload). A
     * middleware that has consumed the body replaces it with a replay of the same bytes. Headers are read
     * through `get()`, which keeps using the original request.
     */
    req: Readable;
    /** A request header, '' when absent. */
    get(field: string): string;
    /** Sets a response header. */
    set(field: string, value: string): void;
  }

  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => unknown;

  /** s3rver's FilesystemStore (lib/stores/filesystem.js): plain files under `directory`. */
  export interface S3rverStore {
    /** The bucket, or null when it does not exist. */
    getBucket(name: string): Promise<object | null>;
    /**
     * Where s3rver keeps a resource: `<dir>/<bucket>/<key's folders>/<key's last segment>._S3rver_<resource>`
     * (with s3rver's escaping of characters Windows forbids). `object` is the bytes, `object.md5` the hex
     * MD5 served as the ETag; with no key, `uploads` is the folder of unfinished multipart uploads.
     */
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  }

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    /** Where buckets and objects are stored, as plain files. */
    directory?: string;
    /** Off: every request is path style (`/<bucket>/<key>`), whatever its Host header. */
    vhostBuckets?: boolean;
    resetOnClose?: boolean;
    configureBuckets?: { name: string }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    /** Koa's middleware stack, composed when `callback()` is called. @koa/router's entry has `.router`. */
    middleware: (S3rverMiddleware & { router?: unknown })[];
    /** The store behind every route. */
    store: S3rverStore;
    /** Creates the `configureBuckets` buckets that do not exist yet. */
    configureBuckets(): Promise<unknown>;
    /** A request listener for a Node http server. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'error', listener: (error: Error & { status?: number }) => void): this;
  }
}
