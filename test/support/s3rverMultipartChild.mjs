// s3rver + the multipart calls it lacks + the SigV4 gate, in its own process (like s3rverChild.mjs).
// s3rver 3.7.1 implements CreateMultipartUpload/UploadPart/Complete but answers 405 to ListParts and
// AbortMultipartUpload, and accepts parts for an upload that does not exist. A resumable uploader needs
// all three, so this shim, sitting between the gate (auth first, as on S3) and s3rver, serves them from
// s3rver's own stored part files: <dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,N,N.md5}.
// It also does what S3 does with x-amz-checksum-crc32: verify it (BadDigest), remember it per part,
// list it, and echo it. Usage: node s3rverMultipartChild.mjs DIR BUCKETS PORT LIST_PAGE_SIZE
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import S3rver from 's3rver';
import { startGate } from './sigv4Gate.mjs';

const [directory, bucketsCsv = '', wantedPort = '0', pageSizeArg = '1000'] = process.argv.slice(2);
const listPageSize = Number(pageSizeArg);
const s3rver = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: bucketsCsv.split(',').filter(Boolean).map((name) => ({ name })),
});
const { port: innerPort } = await s3rver.run();

const xmlEscape = (s) => String(s).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const crc32Base64 = (buf) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(buf) >>> 0);
  return out.toString('base64');
};

function sendXml(res, status, body, headers = {}) {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), ...headers });
  res.end(xml);
}
const sendError = (res, status, code, message) => sendXml(res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(req, res, body, onOk) {
  const headers = { ...req.headers };
  if (body) headers['content-length'] = String(body.length);
  const upstream = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers }, (up) => {
    const extra = up.statusCode === 200 && onOk ? onOk() : {};
    res.writeHead(up.statusCode ?? 502, { ...up.headers, ...extra });
    up.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  if (body) upstream.end(body);
  else req.pipe(upstream);
}

function listParts(res, bucket, key, uploadId, dir, query) {
  const marker = Number(query.get('part-number-marker') ?? 0);
  const maxParts = Math.min(Number(query.get('max-parts') ?? listPageSize), listPageSize);
  const metadata = JSON.parse(fs.readFileSync(path.join(dir, 'metadata'), 'utf8'));
  const all = fs
    .readdirSync(dir)
    .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(dir, `${name}.md5`)))
    .map(Number)
    .filter((n) => n > marker)
    .sort((a, b) => a - b);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  const parts = page.map((n) => {
    const file = path.join(dir, String(n));
    const crc = fs.existsSync(`${file}.crc32`) ? `<ChecksumCRC32>${fs.readFileSync(`${file}.crc32`, 'utf8')}</ChecksumCRC32>` : '';
    const etag = fs.readFileSync(`${file}.md5`, 'utf8');
    // s3rver answers before its write stream has flushed, so the size the shim recorded is the reliable one.
    const size = fs.existsSync(`${file}.size`) ? fs.readFileSync(`${file}.size`, 'utf8') : fs.statSync(file).size;
    return `<Part><PartNumber>${n}</PartNumber><LastModified>${fs.statSync(file).mtime.toISOString()}</LastModified><ETag>"${etag}"</ETag><Size>${size}</Size>${crc}</Part>`;
  });
  const algorithm = metadata['x-amz-checksum-algorithm'] ? `<ChecksumAlgorithm>${xmlEscape(metadata['x-amz-checksum-algorithm'])}</ChecksumAlgorithm>` : '';
  sendXml(
    res,
    200,
    `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key>` +
      `<UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker>` +
      `<NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts>` +
      `<IsTruncated>${truncated}</IsTruncated>${algorithm}${parts.join('')}</ListPartsResult>`,
  );
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const [, bucket = '', ...keyParts] = url.pathname.split('/');
  const key = decodeURIComponent(keyParts.join('/'));
  const uploadId = url.searchParams.get('uploadId');
  const bucketDir = path.join(directory, decodeURIComponent(bucket));
  const checksum = req.headers['x-amz-checksum-crc32'];

  // Anything that is not about an existing bucket's upload or a checksummed PUT: s3rver as it is.
  if (!fs.existsSync(bucketDir) || (!uploadId && !(req.method === 'PUT' && checksum))) return forward(req, res);

  let uploadDir;
  if (uploadId) {
    uploadDir = path.join(bucketDir, '._S3rver_uploads', path.basename(uploadId));
    const keyFile = path.join(uploadDir, 'key');
    if (!fs.existsSync(keyFile) || fs.readFileSync(keyFile, 'utf8') !== key) {
      req.resume();
      return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
    }
    if (req.method === 'GET') return listParts(res, bucket, key, uploadId, uploadDir, url.searchParams);
    if (req.method === 'DELETE') {
      fs.rmSync(uploadDir, { recursive: true, force: true });
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'PUT') return forward(req, res);
  }
  // A PUT (object or part): S3 verifies the checksum before storing anything.
  const body = await readBody(req);
  if (checksum && crc32Base64(body) !== checksum) return sendError(res, 400, 'BadDigest', 'The CRC32 you specified did not match the calculated checksum.');
  const partNumber = url.searchParams.get('partNumber');
  forward(req, res, body, () => {
    if (uploadDir && partNumber) {
      fs.writeFileSync(path.join(uploadDir, `${Number(partNumber)}.size`), String(body.length));
      if (checksum) fs.writeFileSync(path.join(uploadDir, `${Number(partNumber)}.crc32`), checksum);
      else fs.rmSync(path.join(uploadDir, `${Number(partNumber)}.crc32`), { force: true });
    }
    return checksum ? { 'x-amz-checksum-crc32': checksum } : {};
  });
}

const shim = http.createServer((req, res) => {
  handle(req, res).catch((error) => sendError(res, 500, 'InternalError', String(error)));
});
await new Promise((resolve) => shim.listen(0, '127.0.0.1', resolve));

const gate = await startGate(shim.address().port, { S3RVER: 'S3RVER' });
if (wantedPort !== '0') {
  gate.close();
  await new Promise((resolve, reject) => gate.listen(Number(wantedPort), '127.0.0.1', resolve).on('error', reject));
}
process.stdout.write(`${JSON.stringify({ port: gate.address().port })}\n`);
process.on('SIGTERM', () => process.exit(0));
