// A SigV4-verifying front for s3rver. s3rver 3.7 accepts any SigV4 signature ("Signature version 4
// calculation is unimplemented"), so a wrong secret would pass; real S3 answers SignatureDoesNotMatch.
// This gate recomputes the header signature independently of the AWS SDK and refuses mismatches with
// S3's own error document, then proxies everything else to s3rver untouched.
import crypto from 'node:crypto';
import http from 'node:http';

const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const sha256hex = (data) => crypto.createHash('sha256').update(data).digest('hex');
const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(search) {
  const pairs = [];
  for (const part of search.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=');
    pairs.push([rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v.replace(/\+/g, '%20')))]);
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Returns null when the signature is valid (or not SigV4 header auth), else the reason. */
export function verifySigV4(req, secrets) {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return null;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  const secret = secrets[accessKeyId];
  if (secret === undefined) return null; // s3rver itself answers InvalidAccessKeyId
  const [rawPath, search = ''] = req.url.split('?');
  const headerLines = signedHeaders.split(';').map((name) => {
    const value = req.headers[name];
    return `${name}:${String(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
  });
  const canonical = [req.method, rawPath, canonicalQuery(search), headerLines.join(''), signedHeaders, req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'], scope, sha256hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = hmac(key, toSign).toString('hex');
  return expected === signature ? null : 'SignatureDoesNotMatch';
}

/** Starts the gate on a random loopback port in front of `target` (a port on 127.0.0.1). */
export function startGate(targetPort, secrets) {
  const server = http.createServer((req, res) => {
    if (verifySigV4(req, secrets)) {
      const body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>';
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
