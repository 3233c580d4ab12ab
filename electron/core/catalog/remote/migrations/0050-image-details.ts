/**
 * What the image pipeline knows about each photo (issue #5), kept with its row so every computer's mirror,
 * report and duplicate check sees it:
 * - `variants`: the resized copies published beside the full image, `[{ "name": "w800", "key", "contentType",
 *   "width", "height", "bytes" }]`. The row's own `s3_key` is the normalized full-size image.
 * - `warnings`: quality warnings found at drop time, `[{ "kind": "low-resolution", "message" }]`.
 * - `dhash`: a 64-bit perceptual hash (hex), to warn when a photo nearly repeats one already on the product.
 * Defaults keep existing rows valid; adding a column with a constant default does not rewrite the table.
 */
export const up = `
ALTER TABLE product_images
  ADD COLUMN variants jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN dhash text CHECK (dhash ~ '^[0-9a-f]{16}$');
`;
