/**
 * Every test S3 server now has what a resumable multipart uploader needs (ListParts with paging,
 * AbortMultipartUpload, NoSuchUpload, CRC32): the product's multipart shim (electron/core/demo/
 * multipartShim.ts) runs in it. This name stays for the tests that ask for it explicitly.
 */
export { startS3Server as startMultipartS3Server } from './s3server';
