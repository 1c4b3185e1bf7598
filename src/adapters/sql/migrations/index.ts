import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../schema.ts';
import * as core from './0001-core.ts';

/**
 * Versioned migrations, applied in name order. Add a new file for every change; never edit
 * one that has shipped. Each takes the dialect so a migration can differ where the engines do
 * (full-text search, serial keys).
 */
export interface Migration {
  name: string;
  up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void>;
}

export const MIGRATIONS: Migration[] = [{ name: '0001-core', up: core.up }];
