import type { Migration } from '../../../store/migrate';
import * as m0010 from './0010-catalog';
import * as m0020 from './0020-change-tracking';
import * as m0030 from './0030-applied-ops';
import * as m0040 from './0040-prune';
import * as m0050 from './0050-image-details';

/**
 * Every migration of the shop's PostgreSQL database, in order. Applied migrations are never edited or
 * reordered: a change is a new file with the next number (0030-…). The number is what
 * `vitrina_schema_migrations.version` records.
 */
export const catalogMigrations: readonly Migration[] = [
  { version: 10, name: '0010-catalog', up: m0010.up },
  { version: 20, name: '0020-change-tracking', up: m0020.up },
  { version: 30, name: '0030-applied-ops', up: m0030.up },
  { version: 40, name: '0040-prune', up: m0040.up },
  { version: 50, name: '0050-image-details', up: m0050.up },
];
