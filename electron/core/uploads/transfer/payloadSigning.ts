import type { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { AppFailure } from '../../errors';

/**
 * Sign the payload of PutObject / UploadPart as UNSIGNED-PAYLOAD. SigV4 otherwise hashes every body byte
 * with SHA-256 for the signature (measured: ~58 % of the client's CPU during uploads); the CRC32 header
 * (checksums 'auto') and the MD5/ETag verification after the upload cover integrity instead.
 * @smithy/signature-v4 uses a preset `x-amz-content-sha256` header as the payload hash instead of
 * hashing the body (getPayloadHash), so the header only has to be there before the signing middleware.
 *
 * It also asserts the invariant the transfer relies on: the SDK never re-frames the body as aws-chunked
 * (its flexible-checksums middleware does that for streams when it computes a checksum itself; s3rver and
 * some stores would store the framing as object bytes). We always either pass ChecksumCRC32 (the
 * middleware then steps aside) or use a WHEN_REQUIRED client (it computes nothing for these commands).
 */
export function signPayloadUnsigned<C extends PutObjectCommand | UploadPartCommand>(command: C): C {
  // Both commands' stacks take the same middleware; the cast only picks one of the two generic signatures.
  (command.middlewareStack as PutObjectCommand['middlewareStack']).addRelativeTo(unsignedPayload, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'vitrinaUnsignedPayload',
    override: true,
  });
  return command;
}

type Next = (args: { request: unknown }) => Promise<unknown>;
// The SDK's middleware type is a union over all steps, which TypeScript cannot infer parameters from.
const unsignedPayload = ((next: Next) => async (args: { request: unknown }) => {
  const headers = (args.request as { headers?: Record<string, string> }).headers;
  if (headers) {
    if (/aws-chunked/i.test(headers['content-encoding'] ?? ''))
      throw new AppFailure('internal', 'The S3 client tried to send the photo in aws-chunked encoding, which Vitrina never uses. This is a bug; send the log file to support.');
    headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  }
  return next(args);
}) as unknown as Parameters<PutObjectCommand['middlewareStack']['addRelativeTo']>[0];

/**
 * With s3.checksums = when-required the client must not compute checksums on its own (createS3Client
 * configures WHEN_REQUIRED for that setting); a client built from other settings is a wiring bug.
 */
export async function assertChecksumMode(client: S3Client, checksums: 'auto' | 'when-required'): Promise<void> {
  if (checksums !== 'when-required') return;
  const mode = await client.config.requestChecksumCalculation();
  if (mode !== 'WHEN_REQUIRED')
    throw new AppFailure('internal', 'The S3 client computes checksums although s3.checksums is "when-required". This is a bug; send the log file to support.');
}
