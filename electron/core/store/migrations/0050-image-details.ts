/**
 * The image pipeline's facts (issue #5), in the mirror as in PostgreSQL (remote migration 0050): `variants`
 * and `warnings` as JSON text, `dhash` as hex. And on upload jobs, what intake found when the photo was
 * dropped — its size, transparency, quality warnings and perceptual hash — so the queue shows the warnings
 * at once and the catalog row gets them when the photo is recorded.
 */
export const up = `
ALTER TABLE product_images ADD COLUMN variants TEXT NOT NULL DEFAULT '[]';
ALTER TABLE product_images ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE product_images ADD COLUMN dhash TEXT;

ALTER TABLE upload_jobs ADD COLUMN width INTEGER;
ALTER TABLE upload_jobs ADD COLUMN height INTEGER;
ALTER TABLE upload_jobs ADD COLUMN has_alpha INTEGER NOT NULL DEFAULT 0;
ALTER TABLE upload_jobs ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE upload_jobs ADD COLUMN dhash TEXT;
`;
