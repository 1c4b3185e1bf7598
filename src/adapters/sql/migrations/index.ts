import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';
import * as core from './0001-core.ts';
import * as gazetteer from './0002-gazetteer.ts';
import * as resolution from './0003-resolution.ts';
import * as evidence from './0004-evidence.ts';
import * as accounts from './0005-accounts.ts';
import * as imports from './0006-imports.ts';
import * as resolutionOrder from './0007-resolution-order.ts';
import * as importSpeed from './0008-import-speed.ts';
import * as importedRows from './0009-imported-rows.ts';
import * as reportSearch from './0010-report-search.ts';
import * as heldOriginals from './0011-held-originals.ts';

/**
 * Versioned migrations, applied in name order. Add a new file for every change; never edit
 * one that has shipped. Each takes the dialect so a migration can differ where the engines do
 * (full-text search, serial keys).
 */
export interface Migration {
  name: string;
  up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  { name: '0001-core', up: core.up },
  { name: '0002-gazetteer', up: gazetteer.up },
  { name: '0003-resolution', up: resolution.up },
  { name: '0004-evidence', up: evidence.up },
  { name: '0005-accounts', up: accounts.up },
  { name: '0006-imports', up: imports.up },
  { name: '0007-resolution-order', up: resolutionOrder.up },
  { name: '0008-import-speed', up: importSpeed.up },
  { name: '0009-imported-rows', up: importedRows.up },
  { name: '0010-report-search', up: reportSearch.up },
  { name: '0011-held-originals', up: heldOriginals.up },
];
