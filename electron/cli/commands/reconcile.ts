import type { Command } from 'commander';
import { createS3Client } from '../../core/connections/s3Client';
import { AppFailure } from '../../core/errors';
import { reconcile } from '../../core/uploads/reconcile';
import { EXIT, mark } from '../io';
import type { CliContext } from '../main';

/**
 * `vitrina reconcile [--apply]`: what is in the bucket under Vitrina's prefix against the catalog. Syncs
 * first (in the shop) so the catalog it compares with is current; a dry run unless --apply.
 */
export function registerReconcile(program: Command, context: () => CliContext): void {
  program
    .command('reconcile')
    .description('find unfinished multipart uploads and objects no photo uses (older than 24 h), and photos whose object is missing')
    .option('--apply', 'abort those uploads and delete those objects (catalog rows are never touched)')
    .option('--older-than <hours>', 'only what is older than this many hours', '24')
    .action(async (options: { apply?: boolean; olderThan: string }) => {
      const ctx = context();
      const core = ctx.core();
      const hours = Number(options.olderThan);
      if (!Number.isFinite(hours) || hours < 0) throw new AppFailure('validation', `--older-than takes a number of hours, not "${options.olderThan}".`);
      await core.workspace.startServices();
      const notes: string[] = [];
      if (core.workspace.kind === 'shop' && core.sync.status().state !== 'not-configured') {
        const synced = await core.sync.syncNow();
        if (synced.error) notes.push(`! Could not sync first (${synced.error.message}); comparing with the catalog as last synced.`);
      }
      const settings = core.workspace.effectiveSettings();
      const credentials = await core.workspace.loadS3Credentials();
      if (!settings['s3.bucket'] || !credentials)
        throw new AppFailure('not-configured', 'The bucket or the AWS credentials are not set up. Set them in Settings (or `vitrina config set s3.bucket …` and `vitrina credentials set aws`).');
      const client = createS3Client(settings, credentials);
      try {
        const report = await reconcile({ client, bucket: settings['s3.bucket'], prefix: settings['s3.keyPrefix'], db: core.workspace.db, apply: Boolean(options.apply), olderThanHours: hours });
        const verb = report.applied ? 'aborted' : 'would abort';
        const lines = [
          ...notes,
          `${report.staleUploads.length} unfinished multipart upload(s) under "${report.prefix}"${report.staleUploads.length ? ` — ${verb}:` : ''}`,
          ...report.staleUploads.map((u) => `  ${u.key} (${u.uploadId}, started ${u.initiated ?? 'unknown'})`),
          `${report.orphanObjects.length} object(s) no photo uses${report.orphanObjects.length ? ` — ${report.applied ? 'deleted' : 'would delete'}:` : ''}`,
          ...report.orphanObjects.map((o) => `  ${o.key} (${o.bytes} bytes)`),
          `${report.missingObjects.length} catalog photo(s) whose object is missing${report.missingObjects.length ? ' (delete the photo and drop it again):' : ''}`,
          ...report.missingObjects.map((m) => `  ${m.sku}: ${m.key}`),
        ];
        if (!report.applied && (report.staleUploads.length || report.orphanObjects.length)) lines.push('Dry run: nothing was changed. Run `vitrina reconcile --apply` to clean up.');
        else lines.push(`${mark(true)} done`);
        ctx.output(report, lines.join('\n'));
        if (report.missingObjects.length) ctx.setExitCode(EXIT.failure);
      } finally {
        client.destroy();
      }
    });
}
