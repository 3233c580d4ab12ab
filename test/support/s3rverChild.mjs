// Runs s3rver (behind the SigV4 gate) in its own process, as tests need: it can be killed and started
// again like a real outage, and it runs with --openssl-legacy-provider (s3rver's truncated ListObjectsV2
// pages answer 500 on Node 20 without it). Prints {"port":N} once listening.
import S3rver from 's3rver';
import { startGate } from './sigv4Gate.mjs';

const [directory, bucketsCsv = '', wantedPort = '0'] = process.argv.slice(2);
const s3rver = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: bucketsCsv.split(',').filter(Boolean).map((name) => ({ name })),
});
const { port: innerPort } = await s3rver.run();
const gate = await startGate(innerPort, { S3RVER: 'S3RVER' });
if (wantedPort !== '0') {
  gate.close();
  await new Promise((resolve, reject) => gate.listen(Number(wantedPort), '127.0.0.1', resolve).on('error', reject));
}
process.stdout.write(`${JSON.stringify({ port: gate.address().port })}\n`);
process.on('SIGTERM', () => process.exit(0));
