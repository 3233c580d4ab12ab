import path from 'node:path';
import type { Command } from 'commander';
import type { ProductDetail } from '../../../shared/catalog';
import type { EnqueueOutcome, QueueStatus, UploadJob } from '../../../shared/uploads';
import { CliExit, EXIT, mark, unwrap } from '../io';
import type { CliContext } from '../main';
import { renderProgress } from './progressView';

/**
 * `vitrina images add|list`, `vitrina queue status|run|pause|resume|retry|cancel`: the upload engine from a
 * terminal. `images add` only queues (it returns at once); `queue run` uploads — the app does the same in
 * the background, so run only one of the two at a time on a data folder.
 */
export function registerUploads(program: Command, context: () => CliContext): void {
  const images = program.command('images').description("a product's photos and queuing new ones");
  images
    .command('add <files...>')
    .description('queue photos for a product (checked, copied to staging; upload with `vitrina queue run` or the app)')
    .requiredOption('--sku <sku>', 'the product the photos belong to')
    .action(async (files: string[], options: { sku: string }) => {
      const ctx = context();
      const absolute = files.map((f) => path.resolve(f));
      const outcomes = unwrap(await ctx.core().dispatch('enqueueUploads', { sku: options.sku, files: absolute })) as EnqueueOutcome[];
      ctx.output(outcomes, outcomes.map(describeOutcome).join('\n'));
      if (outcomes.some((o) => o.status === 'rejected')) ctx.setExitCode(EXIT.failure);
    });
  images
    .command('list')
    .description("a product's photos in the catalog, and its uploads still in progress")
    .requiredOption('--sku <sku>', 'the product')
    .action(async (options: { sku: string }) => {
      const ctx = context();
      const core = ctx.core();
      const product = unwrap(await core.dispatch('getProduct', { sku: options.sku })) as ProductDetail | null;
      if (!product) throw new CliExit(EXIT.failure, `No product with SKU "${options.sku}" in the local catalog. Check the SKU, or run \`vitrina sync\` to refresh it.`);
      const uploads = (unwrap(await core.dispatch('listUploads', { productId: product.id })) as UploadJob[]).filter((j) => j.state !== 'done' && j.state !== 'cancelled');
      const lines = [`${product.sku}  ${product.name}`, product.images.length ? `${product.images.length} photo(s) in the catalog:` : 'no photos in the catalog'];
      for (const i of product.images) lines.push(`  ${i.position}. ${i.isPrimary ? '★ ' : ''}${i.s3Key}${i.width && i.height ? ` (${i.width}×${i.height})` : ''}`);
      if (uploads.length) lines.push(`${uploads.length} upload(s) in progress:`, ...uploads.map((j) => `  ${describeJob(j)}`));
      ctx.output({ product: { id: product.id, sku: product.sku, name: product.name }, images: product.images, uploads }, lines.join('\n'));
    });

  const queue = program.command('queue').description('the upload queue');
  queue
    .command('status')
    .description('counts, progress and what needs attention; the jobs not yet done')
    .action(async () => {
      const ctx = context();
      const core = ctx.core();
      const status = unwrap(await core.dispatch('getQueueStatus', undefined)) as QueueStatus;
      const jobs = (unwrap(await core.dispatch('listUploads', { limit: 1000 })) as UploadJob[]).filter((j) => j.state !== 'done' && j.state !== 'cancelled');
      ctx.output({ status, jobs }, [describeStatus(status), ...jobs.map(describeJob)].join('\n'));
    });
  queue
    .command('run')
    .description('upload queued photos; keeps running (Ctrl-C to stop: uploads resume next time) unless --until-empty')
    .option('--until-empty', 'exit when nothing is left to do: 0 if every photo went up, 1 if any failed, is paused, or the queue needs attention')
    .action(async (options: { untilEmpty?: boolean }) => {
      const ctx = context();
      const core = ctx.core();
      // The demo's storage runs in this process; the shop's queue records through PostgreSQL directly.
      await core.workspace.startServices();
      // Progress goes to stderr, so that stdout holds only the result (and only JSON under --json).
      const view = renderProgress(ctx.io.stderr, core);
      core.uploads.start();
      try {
        if (options.untilEmpty) await core.uploads.queue.untilIdle();
        else await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
      } finally {
        view.stop();
      }
      const status = core.uploads.queue.status();
      ctx.output(status, describeStatus(status));
      const left = status.counts.failed + status.counts.paused + status.counts.queued + status.counts.waiting + status.counts.uploaded;
      if (status.attention || left > 0) ctx.setExitCode(EXIT.failure);
    });
  queue
    .command('pause')
    .description('pause every upload (the app too: it is stored)')
    .action(async () => {
      const ctx = context();
      ctx.output(unwrap(await ctx.core().dispatch('pauseAllUploads', undefined)), `${mark(true)} the queue is paused; \`vitrina queue resume\` continues it.`);
    });
  queue
    .command('resume')
    .description('resume the queue, also after fixing what it paused itself for')
    .action(async () => {
      const ctx = context();
      ctx.output(unwrap(await ctx.core().dispatch('resumeAllUploads', undefined)), `${mark(true)} the queue is resumed.`);
    });
  for (const [name, channel, done] of [
    ['retry', 'retryUpload', 'queued again'],
    ['cancel', 'cancelUpload', 'cancelled; anything it had stored in the bucket was removed'],
  ] as const)
    queue
      .command(`${name} <job>`)
      .description(name === 'retry' ? 'try a failed upload again' : 'cancel an upload')
      .action(async (id: string) => {
        const ctx = context();
        if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliExit(EXIT.usage, `"${id}" is not an upload id; \`vitrina queue status\` lists them.`);
        const job = unwrap(await ctx.core().dispatch(channel, { id })) as UploadJob;
        ctx.output(job, `${mark(true)} ${job.fileName} (${job.sku}): ${done}.`);
      });
}

function describeOutcome(o: EnqueueOutcome): string {
  const name = path.basename(o.file);
  switch (o.status) {
    case 'queued':
      return `${mark(true)} ${name}: queued (${o.job.id})`;
    case 'duplicate':
      return `! ${name}: ${o.message}`;
    case 'rejected':
      return `${mark(false)} ${name}: ${o.message}`;
  }
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

export function describeJob(j: UploadJob): string {
  const progress = j.state === 'uploading' || j.bytesSent > 0 ? ` ${mb(j.bytesSent)}/${mb(j.bytes)}` : ` ${mb(j.bytes)}`;
  return `${j.id}  ${j.sku}  ${j.fileName}  ${j.state}${progress}${j.failure ? ` — ${j.failure.message}` : ''}`;
}

export function describeStatus(s: QueueStatus): string {
  const counts = Object.entries(s.counts)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const lines = [`${s.paused ? 'paused' : 'running'} · ${s.online ? 'online' : 'offline'} · ${counts || 'no uploads'}`];
  if (s.attention) lines.push(`${mark(false)} ${s.attention.message}`);
  if (s.waitingForConnection) lines.push(`${s.waitingForConnection} upload(s) waiting for the connection`);
  if (s.bytesTotal > s.bytesSent) lines.push(`${mb(s.bytesSent)} of ${mb(s.bytesTotal)} sent${s.etaSeconds !== null ? `, about ${s.etaSeconds} s left` : ''}`);
  return lines.join('\n');
}
