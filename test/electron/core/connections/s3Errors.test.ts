import { describe, expect, it } from 'vitest';
import { classifyS3Error } from '../../../../electron/core/connections/s3Errors';

// The real-server tests (s3Connection.test.ts) cover auth, no-bucket, unreachable and tls against s3rver.
// s3rver has no bucket policies, no regions and never checks request time, so these faults are built here
// as the SDK reports them (ServiceException name + $metadata.httpStatusCode).
const target = { bucket: 'shop-photos', region: 'eu-west-1', endpoint: '', maskedAccessKeyId: 'AKIA…WXYZ' };
const sdkError = (name: string, status: number, extra: object = {}) =>
  Object.assign(new Error(`${name} from S3`), { name, $metadata: { httpStatusCode: status }, ...extra });

describe('S3 error classification', () => {
  it.each([
    [sdkError('AccessDenied', 403), 's3-denied', /may not use the bucket "shop-photos"/],
    [sdkError('RequestTimeTooSkewed', 403), 'clock-skew', /clock/],
    [sdkError('ExpiredToken', 400), 'auth', /session token/],
    [sdkError('PermanentRedirect', 301, { $response: { headers: { 'x-amz-bucket-region': 'us-west-2' } } }), 'wrong-region', /but in us-west-2/],
    [sdkError('ServiceUnavailable', 503), 'unreachable', /server error 503/],
    [sdkError('SomethingNew', 418), 'internal', /SomethingNew, HTTP 418/],
  ])('%s → %s', (error, kind, message) => {
    const failure = classifyS3Error(error, target);
    expect(failure.kind).toBe(kind);
    expect(failure.message).toMatch(message);
  });
});
