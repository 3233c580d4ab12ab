import type { CompletedPart, MultipartCheckpoint, TransferCheckpointStore } from '../uploads/transfer/types';
import type { LocalDatabase } from './database';

/**
 * The durable multipart checkpoint of ONE job (`upload_multipart` + `upload_parts`, migration 0040), the port
 * uploads/transfer/ defines. Every call is its own committed write (the store runs with synchronous = FULL), so
 * `begin` is on disk before the first part is sent and a crash loses at most the parts in flight.
 */
export class UploadCheckpoints implements TransferCheckpointStore {
  constructor(
    private readonly db: LocalDatabase,
    private readonly jobId: string,
    private readonly clock: () => Date,
  ) {}

  load(): MultipartCheckpoint | null {
    const head = this.db.prepare('SELECT upload_id, part_size FROM upload_multipart WHERE job_id = ?').get(this.jobId) as
      | { upload_id: string; part_size: number }
      | undefined;
    if (!head) return null;
    const parts = this.db
      .prepare('SELECT part_number AS partNumber, etag, checksum_crc32 AS checksumCrc32, size FROM upload_parts WHERE job_id = ? ORDER BY part_number')
      .all(this.jobId) as CompletedPart[];
    return { uploadId: head.upload_id, partSize: head.part_size, parts };
  }

  begin(uploadId: string, partSize: number): void {
    this.db.transaction(() => {
      // An explicit delete (not INSERT OR REPLACE) so the old upload's parts go with it by cascade.
      this.db.prepare('DELETE FROM upload_multipart WHERE job_id = ?').run(this.jobId);
      this.db
        .prepare('INSERT INTO upload_multipart (job_id, upload_id, part_size, created_at) VALUES (?, ?, ?, ?)')
        .run(this.jobId, uploadId, partSize, this.clock().toISOString());
    })();
  }

  partDone(part: CompletedPart): void {
    this.db
      .prepare(
        `INSERT INTO upload_parts (job_id, part_number, etag, checksum_crc32, size) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id, part_number) DO UPDATE SET etag = excluded.etag, checksum_crc32 = excluded.checksum_crc32, size = excluded.size`,
      )
      .run(this.jobId, part.partNumber, part.etag, part.checksumCrc32, part.size);
  }

  clear(): void {
    this.db.prepare('DELETE FROM upload_multipart WHERE job_id = ?').run(this.jobId);
  }
}
