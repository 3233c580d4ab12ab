/**
 * The slice of s3rver 3.7 (which ships no types) that the demo storage uses. s3rver is a Koa application;
 * only Koa's public surface (`middleware`, `callback()`, the `error` event) and s3rver's documented
 * `configureBuckets()` are declared, so an upgrade that changes them fails the type check or the
 * demo tests rather than the app.
 */
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The part of Koa's request context that demo middleware reads and writes. */
  export interface S3rverContext {
    method: string;
    /** The path after s3rver's vhost rewrite: `/<bucket>[/<key>]`. */
    path: string;
    /** From the Host header, without the port. */
    hostname: string;
    /** Parsed query; assigning a new object rewrites the query string the routes see. */
    query: Record<string, string | string[] | undefined>;
    status: number;
    /** A plain object here is serialised to XML by s3rver on the way out. */
    body: unknown;
  }

  export type S3rverMiddleware = (ctx: S3rverContext, next: () => Promise<void>) => unknown;

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
    /** Creates the `configureBuckets` buckets that do not exist yet. */
    configureBuckets(): Promise<unknown>;
    /** A request listener for a Node http server. */
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'error', listener: (error: Error & { status?: number }) => void): this;
  }
}
