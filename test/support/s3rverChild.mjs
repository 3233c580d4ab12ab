// The tests' S3 server, in its own process so that it can be killed and started again like a real outage:
// the SigV4 gate (sigv4Gate.mjs: auth first, as on S3) in front of the demo storage's own s3rver stack
// (electron/core/demo/demoStorage.ts `createDemoS3rver`: s3rver plus the Host check, the ListObjectsV2
// fix and the multipart shim), so tests run against exactly what the demo workspace serves.
// The product code is TypeScript: it is loaded through tsx, as scripts/vitrina.mjs loads the CLI.
// Usage: node s3rverChild.mjs DIR BUCKETS PORT [PAGE_SIZE]. Prints {"port":N} once listening.
import http from 'node:http';
import { register } from 'tsx/esm/api';
import { startGate } from './sigv4Gate.mjs';

register();
const { createDemoS3rver } = await import('../../electron/core/demo/demoStorage.ts');

const [directory, bucketsCsv = '', wantedPort = '0', pageSize = '1000'] = process.argv.slice(2);
const s3rver = await createDemoS3rver(directory, bucketsCsv.split(',').filter(Boolean), {
  maxPageSize: Number(pageSize),
  // s3rver is silent; a server-side failure should show in the test output.
  onError: (error) => console.error('s3rver:', error),
});
const inner = http.createServer(s3rver.callback());
await new Promise((resolve) => inner.listen(0, '127.0.0.1', resolve));

const gate = await startGate(inner.address().port, { S3RVER: 'S3RVER' });
if (wantedPort !== '0') {
  gate.close();
  await new Promise((resolve, reject) => gate.listen(Number(wantedPort), '127.0.0.1', resolve).on('error', reject));
}
process.stdout.write(`${JSON.stringify({ port: gate.address().port })}\n`);
process.on('SIGTERM', () => process.exit(0));
