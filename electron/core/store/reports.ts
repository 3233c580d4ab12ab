import type { Report, ReportRequest } from '../../../shared/catalog';
import { missingCase } from '../../../shared/result';
import type { LocalDatabase } from './database';

export const DEFAULT_MIN_IMAGES = 3;
/** The same default as the image pipeline's "short side" quality warning. */
export const DEFAULT_MIN_SHORT_SIDE = 800;

/** Managers' reports, computed from the local mirror so they work offline. */
export function buildReport(db: LocalDatabase, request: ReportRequest): Report {
  switch (request.kind) {
    case 'missing-images':
      return table(db, request.kind, ['sku', 'name', 'brand', 'category'],
        'SELECT sku, name, brand, category FROM products WHERE image_count = 0 ORDER BY sku');
    case 'few-images':
      return table(db, request.kind, ['sku', 'name', 'brand', 'category', 'images'],
        'SELECT sku, name, brand, category, image_count FROM products WHERE image_count < ? ORDER BY image_count, sku',
        request.minImages ?? DEFAULT_MIN_IMAGES);
    case 'low-res':
      return table(db, request.kind, ['sku', 'name', 'image_id', 's3_key', 'width', 'height'],
        `SELECT p.sku, p.name, i.id, i.s3_key, i.width, i.height
           FROM product_images i JOIN products p ON p.id = i.product_id
          WHERE min(i.width, i.height) < ? ORDER BY p.sku, i.position`,
        request.minShortSide ?? DEFAULT_MIN_SHORT_SIDE);
    case 'needs-photos':
      return table(db, request.kind, ['sku', 'name', 'note', 'reviewer', 'updated_at'],
        `SELECT p.sku, p.name, r.note, r.reviewer, r.updated_at
           FROM product_reviews r JOIN products p ON p.id = r.product_id
          WHERE r.status = 'needs_photos' ORDER BY r.updated_at, p.sku`);
    case 'quality-warnings':
      // One row per warning, from the JSON the image pipeline stored with each photo when it was dropped.
      return table(db, request.kind, ['sku', 'name', 'image_id', 's3_key', 'warning', 'message'],
        `SELECT p.sku, p.name, i.id, i.s3_key, json_extract(w.value, '$.kind'), json_extract(w.value, '$.message')
           FROM product_images i JOIN products p ON p.id = i.product_id, json_each(i.warnings) w
          WHERE i.warnings <> '[]' ORDER BY p.sku, i.position, w.key`);
    default:
      return missingCase(request.kind);
  }
}

function table(db: LocalDatabase, kind: Report['kind'], columns: string[], sql: string, ...params: unknown[]): Report {
  return { kind, columns, rows: db.prepare(sql).raw().all(...params) as Report['rows'] };
}
