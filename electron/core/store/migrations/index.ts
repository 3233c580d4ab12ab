import type { Migration } from '../migrate';
import * as m0010 from './0010-settings';
import * as m0020 from './0020-catalog-mirror';
import * as m0030 from './0030-outbox';
import * as m0040 from './0040-uploads';
import * as m0050 from './0050-image-details';

/**
 * Every migration of the local store, in order. Applied migrations are never edited or reordered: a change
 * is a new file with the next number (0020-…, 0030-…). The number is what `PRAGMA user_version` records.
 */
export const migrations: readonly Migration[] = [
  { version: 10, name: '0010-settings', up: m0010.up },
  { version: 20, name: '0020-catalog-mirror', up: m0020.up },
  { version: 30, name: '0030-outbox', up: m0030.up },
  { version: 40, name: '0040-uploads', up: m0040.up },
  { version: 50, name: '0050-image-details', up: m0050.up },
];
