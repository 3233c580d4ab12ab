import { spawn } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullCatalog } from '../../../../../electron/core/catalog/sync/pull';
import { openLocalDatabase } from '../../../../../electron/core/store/database';
import { makeTempDir } from '../../../../support/tempDir';
import { createRemote, eventually, mirrorCatalog, remoteCatalog, seedCatalog, type RemoteFixture } from './helpers';

const MACHINES = 8;
const EDITS = 20;
const machineScript = path.join(path.dirname(new URL(import.meta.url).pathname), 'concurrentMachine.ts');
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../..');

let remote: RemoteFixture;
let temp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  temp = makeTempDir('vitrina-machines-');
  remote = await createRemote();
  // A few products, so that the machines keep running into each other.
  await seedCatalog(remote.admin, { count: 3, images: 6 });
});
afterAll(async () => {
  await remote.drop();
  temp.remove();
});

interface MachineResult {
  made: number;
  states: { state: string; n: number }[];
  errors: string[];
}

function runMachine(index: number): Promise<MachineResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', machineScript, remote.name, mirrorFile(index), String(1000 + index), String(EDITS)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as MachineResult) : reject(new Error(`machine ${index} exited with ${code}: ${err}`))));
  });
}

const mirrorFile = (index: number) => path.join(temp.dir, `machine-${index}.db`);

describe('many machines at once (separate processes, one mirror each, same products)', () => {
  it(`keeps the catalog consistent with ${MACHINES} machines editing the same products`, async () => {
    const results = await Promise.all(Array.from({ length: MACHINES }, (_, i) => runMachine(i)));

    // Every edit of every machine ended applied or conflicted: none lost, none stuck pending.
    for (const [i, result] of results.entries()) {
      const byState = Object.fromEntries(result.states.map((s) => [s.state, s.n]));
      expect(result.errors, `machine ${i}`).toEqual([]);
      expect(byState.pending ?? 0, `machine ${i}`).toBe(0);
      expect((byState.done ?? 0) + (byState.conflicted ?? 0), `machine ${i}`).toBe(result.made);
      expect(result.made).toBe(EDITS);
    }
    const applied = results.reduce((sum, r) => sum + (r.states.find((s) => s.state === 'done')?.n ?? 0), 0);
    const conflicted = results.reduce((sum, r) => sum + (r.states.find((s) => s.state === 'conflicted')?.n ?? 0), 0);
    const recorded = (await remote.admin.query('SELECT count(*)::int AS n FROM vitrina_applied_ops')).rows[0].n as number;
    // Each applied edit is recorded once; and the machines did get in each other's way.
    expect(recorded).toBe(applied);
    expect(conflicted).toBeGreaterThan(0);
    console.log(`${MACHINES} machines: ${applied} edits applied, ${conflicted} conflicted`);

    // The photo invariants hold in PostgreSQL for every product.
    const { rows } = await remote.admin.query<{ product_id: string; positions: number[]; primaries: number; shas: number; n: number }>(
      `SELECT p.id AS product_id, coalesce(array_agg(i.position ORDER BY i.position) FILTER (WHERE i.id IS NOT NULL), '{}') AS positions,
              count(*) FILTER (WHERE i.is_primary)::int AS primaries, count(DISTINCT i.sha256)::int AS shas, count(i.id)::int AS n
         FROM products p LEFT JOIN product_images i ON i.product_id = p.id GROUP BY p.id`,
    );
    for (const row of rows) {
      expect(row.positions, `product ${row.product_id}`).toEqual(Array.from({ length: row.n }, (_, i) => i + 1));
      expect(row.primaries, `product ${row.product_id}`).toBe(row.n > 0 ? 1 : 0);
      expect(row.shas, `product ${row.product_id}`).toBe(row.n);
    }

    // A final pull makes every mirror equal to PostgreSQL.
    const expected = await remoteCatalog(remote.admin);
    const client: pg.Client = await remote.connect();
    try {
      for (let i = 0; i < MACHINES; i++) {
        const mirror = openLocalDatabase(mirrorFile(i));
        try {
          // The pull watermark is cluster-wide: another test file's open transaction may delay a change a moment.
          await eventually(async () => (await pullCatalog(client, mirror), JSON.stringify(mirrorCatalog(mirror)) === JSON.stringify(expected)));
          expect(mirrorCatalog(mirror)).toEqual(expected);
          const counts = mirror.prepare('SELECT count(*) FROM products WHERE image_count <> (SELECT count(*) FROM product_images i WHERE i.product_id = products.id)').pluck().get();
          expect(counts).toBe(0);
        } finally {
          mirror.close();
        }
      }
    } finally {
      await client.end();
    }
  }, 90_000);
});
