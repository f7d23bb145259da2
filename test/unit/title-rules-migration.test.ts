import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPendingMigrations, DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_FILE } from '../../src/db/migrate.ts';
import { legacyTitleRules } from '../../src/domain/title-rules.ts';
import { titleRulesInput } from '../../src/events/schemas.ts';

/*
 * The title_rules migration converts each skill's old "top N + title + promotion" setting into
 * rules with hand-written SQL: a database is brought to the migration before it, given skills
 * with the old columns, then migrated to the end; the stored rules must read back as
 * legacyTitleRules() of the old values (the same conversion the snapshots use).
 */
test('existing skills: titleTopN / titleName / promotion become the equivalent rule list', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-title-rules-'));
  try {
    const names = readdirSync(DEFAULT_MIGRATIONS_DIR).filter((n) => n !== MIGRATION_LOCK_FILE).sort();
    const index = names.findIndex((n) => n.endsWith('_title_rules'));
    assert.ok(index > 0, 'the title_rules migration exists');
    const before = path.join(dir, 'before');
    for (const name of [...names.slice(0, index), MIGRATION_LOCK_FILE]) cpSync(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    const file = path.join(dir, 'app.db');
    await applyPendingMigrations(file, before);

    const old = [
      { titleTopN: 5, titleName: '', promotion: 1 },
      { titleTopN: 3, titleName: '岗位能手', promotion: 0 },
      { titleTopN: 0, titleName: '技术能手', promotion: 1 },
      { titleTopN: 8, titleName: '  ', promotion: 1 },
    ];
    const db = new Database(file);
    db.prepare("INSERT INTO Event (id, name, status, updatedAt) VALUES (1, 'e', 'draft', 0)").run();
    const insert = db.prepare("INSERT INTO Skill (eventId, name, titleTopN, titleName, promotion, updatedAt) VALUES (1, 's', ?, ?, ?, 0)");
    for (const o of old) insert.run(o.titleTopN, o.titleName, o.promotion);
    db.close();

    await applyPendingMigrations(file);
    const after = new Database(file, { readonly: true });
    const rows = after.prepare('SELECT titleRules FROM Skill ORDER BY id').all() as { titleRules: string }[];
    const columns = (after.prepare("SELECT name FROM pragma_table_info('Skill')").all() as { name: string }[]).map((c) => c.name);
    after.close();
    assert.equal(
      rows.map((r) => titleRulesInput.parse(JSON.parse(r.titleRules))),
      old.map((o) => legacyTitleRules({ titleTopN: o.titleTopN, titleName: o.titleName, promotion: o.promotion === 1 })),
    );
    // Spelled out for the first two: top 5 技术能手 one grade up; top 3 岗位能手 without promotion; none; top 8 技术能手.
    assert.equal(rows.map((r) => (JSON.parse(r.titleRules) as { title: string; rankTo: number }[]).map((x) => `${x.rankTo} ${x.title}`)), [['5 技术能手'], ['3 岗位能手'], [], ['8 技术能手']]);
    for (const gone of ['titleTopN', 'titleName', 'promotion']) assert.not.ok(columns.includes(gone), `${gone} dropped`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
