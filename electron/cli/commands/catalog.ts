import type { Command } from 'commander';
import { reportKinds, reviewStatuses, type ProductDetail, type ProductSummary, type Report, type ReportKind } from '../../../shared/catalog';
import { toCsv } from '../../../shared/csv';
import { CliExit, EXIT, unwrap } from '../io';
import type { CliContext } from '../main';

/**
 * `vitrina catalog list|show` and `vitrina report …`: read the local mirror, so they work offline. The
 * `--json` shapes are the contract's ProductSummary / ProductDetail / Report (documented in the README).
 */
export function registerCatalog(program: Command, context: () => CliContext): void {
  const catalog = program.command('catalog').description('browse the offline copy of the catalog');

  catalog
    .command('list')
    .description('list products (by SKU, or by relevance with --search)')
    .option('--search <words>', 'full-text search over SKU, name, brand, category; accents and case do not matter')
    .option('--missing-images', 'only products without photos')
    .option('--fewer-than <n>', 'only products with fewer than n photos')
    .option('--category <name>', 'only this category')
    .option('--status <status>', `only this review status: ${[...reviewStatuses, 'unreviewed'].join(', ')}`)
    .option('--limit <n>', 'at most n products (1–500)', '100')
    .action(async (options: { search?: string; missingImages?: boolean; fewerThan?: string; category?: string; status?: string; limit: string }) => {
      const ctx = context();
      const query = {
        ...(options.search !== undefined ? { search: options.search } : {}),
        ...(options.missingImages ? { missingImages: true } : {}),
        ...(options.fewerThan !== undefined ? { fewerImagesThan: wholeNumber('--fewer-than', options.fewerThan) } : {}),
        ...(options.category !== undefined ? { category: options.category } : {}),
        ...(options.status !== undefined ? { reviewStatus: options.status } : {}),
        limit: wholeNumber('--limit', options.limit),
      };
      const products = unwrap(await ctx.core().dispatch('listProducts', query)) as ProductSummary[];
      ctx.output(products, products.length ? formatTable(
        ['SKU', 'NAME', 'BRAND', 'PHOTOS', 'REVIEW'],
        products.map((p) => [p.sku, p.name, p.brand, String(p.imageCount), p.reviewStatus ?? '—']),
      ) : 'No products match. (Has the catalog been synced? Run `vitrina sync`.)');
    });

  catalog
    .command('show <sku>')
    .description('one product with its photos and review')
    .action(async (sku: string) => {
      const ctx = context();
      const product = unwrap(await ctx.core().dispatch('getProduct', { sku })) as ProductDetail | null;
      if (!product) throw new CliExit(EXIT.failure, `No product with SKU "${sku}" in the local catalog. Check the SKU, or run \`vitrina sync\` to refresh it.`);
      ctx.output(product, describeProduct(product));
    });

  program
    .command('report <kind>')
    .description(`managers' reports: ${reportKinds.join(', ')}`)
    .option('--min-images <n>', 'few-images: fewer than n photos (default 3)')
    .option('--min-side <px>', 'low-res: short side below px pixels (default 800)')
    .option('--csv', 'print CSV (for spreadsheets)')
    .action(async (kind: string, options: { minImages?: string; minSide?: string; csv?: boolean }) => {
      const ctx = context();
      if (!(reportKinds as readonly string[]).includes(kind))
        throw new CliExit(EXIT.usage, `Unknown report "${kind}". Reports: ${reportKinds.join(', ')}.`);
      const report = unwrap(
        await ctx.core().dispatch('getReport', {
          kind: kind as ReportKind,
          ...(options.minImages !== undefined ? { minImages: wholeNumber('--min-images', options.minImages) } : {}),
          ...(options.minSide !== undefined ? { minShortSide: wholeNumber('--min-side', options.minSide) } : {}),
        }),
      ) as Report;
      if (options.csv) ctx.io.stdout.write(toCsv(report.columns, report.rows));
      else ctx.output(report, report.rows.length ? formatTable(report.columns.map((c) => c.toUpperCase()), report.rows.map((r) => r.map((v) => (v === null ? '' : String(v))))) : 'Nothing to report.');
    });
}

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new CliExit(EXIT.usage, `${flag} takes a whole number, not "${text}".`);
  return Number(text);
}

/** Left-aligned columns, each as wide as its widest cell (capped so one long name cannot wreck the table). */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function describeProduct(p: ProductDetail): string {
  const price = p.priceCents === null ? '—' : (p.priceCents / 100).toFixed(2);
  const lines = [`${p.sku}  ${p.name}`, `brand ${p.brand || '—'} · category ${p.category || '—'} · price ${price}`];
  lines.push(p.review ? `review: ${p.review.status}${p.review.note ? ` — ${p.review.note}` : ''}` : 'review: none yet');
  lines.push(p.images.length ? `${p.images.length} photo(s):` : 'no photos');
  for (const image of p.images) {
    const size = image.width && image.height ? `${image.width}×${image.height}` : 'size unknown';
    lines.push(`  ${image.position}. ${image.isPrimary ? '★ ' : ''}${image.s3Key} (${size})${image.altText ? ` “${image.altText}”` : ''}`);
  }
  return lines.join('\n');
}
