import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { S3rverContext } from 's3rver';

/**
 * Reading a request body before s3rver does, for the checks S3 makes before it stores anything (CRC32 of a
 * PutObject or UploadPart, the part list of CompleteMultipartUpload), then handing s3rver the same bytes.
 * Such bodies are held in memory: they are one part or one photo (the upload engine's parts are 8 MiB by
 * default), and the demo storage only serves this computer.
 */

/** The largest body the shim will hold in memory; S3 would accept up to 5 GiB in one request. */
export const MAX_BUFFERED_BODY = 256 * 1024 * 1024;

/** Why a body could not be read. */
export class BodyError extends Error {
  constructor(readonly reason: 'too-large' | 'incomplete') {
    super(reason === 'too-large' ? 'request body too large to check' : 'request body ended early');
  }
}

/** The whole body of the request, at most `limit` bytes. Rejects with BodyError when the client gave up or sent more. */
export async function readBody(ctx: S3rverContext, limit = MAX_BUFFERED_BODY): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) {
    ctx.req.resume();
    throw new BodyError('too-large');
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > limit) throw new BodyError('too-large');
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    // The client disconnected (ECONNRESET, premature close): nobody is waiting for an answer.
    throw new BodyError('incomplete');
  }
  return Buffer.concat(chunks, length);
}

/** Lets s3rver's handler read `body` as if it were still arriving (see S3rverContext.req). */
export function replayBody(ctx: S3rverContext, body: Buffer): void {
  ctx.req = Readable.from([body], { objectMode: false });
}

/** S3's `x-amz-checksum-crc32` value: the big-endian CRC32 of the bytes, base64. */
export function crc32Base64(bytes: Uint8Array): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(bytes) >>> 0);
  return out.toString('base64');
}
