import type { Command } from 'commander';
import { reviewStatuses, type ProductDetail, type ReviewStatus } from '../../../shared/catalog';
import type { ConflictedEdit, SyncReport, SyncStatus } from '../../../shared/sync';
import { CliExit, EXIT, mark, unwrap } from '../io';
import type { CliContext } from '../main';

/**
 * `vitrina sync`, `vitrina review SKU --status S [--note TEXT]` and `vitrina conflicts [reapply|discard ID]`.
 * Reviews work offline: the edit is saved in the local catalog first, then pushed if the database answers.
 */
export function registerSync(program: Command, context: () => CliContext): void {
  program
    .command('sync')
    .description("push this computer's catalog edits to the shop's database, then pull its changes")
    .action(async () => {
      const ctx = context();
      const report = unwrap(await ctx.core().dispatch('syncNow', undefined)) as SyncReport;
      ctx.output(report, describeReport(report));
      if (report.error) ctx.setExitCode(EXIT.failure);
    });

  program
    .command('review <sku>')
    .description(`set a product's review: ${reviewStatuses.join(', ')}`)
    .requiredOption('--status <status>', reviewStatuses.join(' | '))
    .option('--note <text>', 'a note for the staff, e.g. "needs a photo of the back"')
    .option('--offline', 'only save it on this computer; the next sync pushes it')
    .action(async (sku: string, options: { status: string; note?: string; offline?: boolean }) => {
      const ctx = context();
      if (!(reviewStatuses as readonly string[]).includes(options.status))
        throw new CliExit(EXIT.usage, `Unknown review status "${options.status}". Use one of: ${reviewStatuses.join(', ')}.`);
      const core = ctx.core();
      const product = unwrap(await core.dispatch('getProduct', { sku })) as ProductDetail | null;
      if (!product) throw new CliExit(EXIT.failure, `No product with SKU "${sku}" in the local catalog. Check the SKU, or run \`vitrina sync\` to refresh it.`);
      const reviewed = unwrap(
        await core.dispatch('setReview', { productId: product.id, status: options.status as ReviewStatus, ...(options.note !== undefined ? { note: options.note } : {}) }),
      ) as ProductDetail;
      const saved = `${mark(true)} ${reviewed.sku}: ${options.status}${options.note ? ` — ${options.note}` : ''} (saved on this computer)`;
      const status = unwrap(await core.dispatch('getSyncStatus', undefined)) as SyncStatus;
      if (options.offline || status.state === 'demo' || status.state === 'not-configured') {
        const why = options.offline ? 'the next sync pushes it' : status.state === 'demo' ? 'the demo workspace is never synced' : "the shop's database is not set up";
        return ctx.output({ product: reviewed, sync: null }, `${saved}; ${why}.`);
      }
      const report = unwrap(await core.dispatch('syncNow', undefined)) as SyncReport;
      const pushed = report.error
        ? `! not pushed yet: ${report.error.message} It stays queued; \`vitrina sync\` pushes it later.`
        : report.conflicts
          ? `! the shop's database had newer changes: see \`vitrina conflicts\`.`
          : `${mark(true)} pushed to the shop's database.`;
      ctx.output({ product: reviewed, sync: report }, `${saved}\n${pushed}`);
    });

  const conflicts = program.command('conflicts').description('edits the shop database refused because its rows had changed');
  conflicts
    .command('list', { isDefault: true })
    .description('list conflicted edits, oldest first')
    .action(async () => {
      const ctx = context();
      const list = unwrap(await ctx.core().dispatch('listConflicts', undefined)) as ConflictedEdit[];
      ctx.output(list, list.length ? list.map(describeConflict).join('\n') : 'No conflicts: every edit made here reached the shop’s database or is waiting to be pushed.');
    });
  for (const [name, channel, done] of [
    ['reapply', 'reapplyConflict', 'queued again on top of the current version'],
    ['discard', 'discardConflict', "dropped; the shop's version stays"],
  ] as const)
    conflicts
      .command(`${name} <id>`)
      .description(name === 'reapply' ? 'apply the edit again over the newer version (pushed by the next sync)' : "drop the edit and keep the shop's version")
      .action(async (id: string) => {
        const ctx = context();
        const left = unwrap(await ctx.core().dispatch(channel, { id })) as ConflictedEdit[];
        ctx.output({ id, remaining: left }, `${mark(true)} ${id}: ${done}. ${left.length} conflict(s) left.`);
      });
}

function describeReport(report: SyncReport): string {
  const lines = [];
  if (report.pushed) lines.push(`${mark(true)} pushed ${report.pushed} edit(s)`);
  if (report.conflicts) lines.push(`! ${report.conflicts} edit(s) conflicted with newer changes: see \`vitrina conflicts\``);
  if (report.pulled) lines.push(`${mark(true)} pulled ${report.pulled.full ? 'the whole catalog' : 'changes'}: ${report.pulled.upserts} row(s) updated, ${report.pulled.deletes} removed`);
  if (report.error) lines.push(`${mark(false)} ${report.error.message}`);
  if (report.pending) lines.push(`${report.pending} edit(s) still waiting to be pushed`);
  if (!report.error) lines.push(`${mark(true)} in sync (${report.durationMs} ms)`);
  return lines.join('\n');
}

function describeConflict(c: ConflictedEdit): string {
  const what = c.edit.kind.replaceAll('-', ' ');
  return `${c.id}  ${c.sku ?? `product ${c.edit.productId}`}  ${what}  (${c.createdAt})\n    ${c.reason}`;
}
