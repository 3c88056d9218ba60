// Runs every migration file in src/db/migrations in name order ("NNNN-name.ts", each exporting up/down).
// New files are picked up by reading the folder, so other features add migrations without touching this.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely/migration';

const MIGRATION_FILE = /^\d{4}-[a-z0-9-]+\.(ts|js|mts|mjs)$/;
export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string = migrationsDir) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(pathToFileURL(path.join(this.dir, file)).href)) as Partial<Migration>;
      if (typeof mod.up !== 'function') throw new Error(`migration ${file} exports no up()`);
      migrations[file.replace(/\.[^.]+$/, '')] = { up: mod.up, down: mod.down };
    }
    return migrations;
  }
}

/** Brings the schema to the latest version; concurrent callers are serialised by kysely's lock. */
export async function migrateToLatest<DB>(db: Kysely<DB>, dir?: string): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(dir),
    // Features add files independently (collab's 0100 may land before a later 0006).
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return results ?? [];
}
