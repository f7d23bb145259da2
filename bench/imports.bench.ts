/**
 * How long a registration import keeps the server from answering anyone: the longest event-loop
 * stall while the file is read (XLSX) and checked (CSV), and while it is written, and how long a
 * judge's short transaction waits meanwhile. Sizes: BENCH_IMPORT_ROWS (default "3000,10000";
 * 10,000 is the import's limit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCharacter } from '../src/domain/id-number.ts';
import { contestantSheetLimits, parseContestantSheet } from '../src/domain/contestant-sheet.ts';
import { openDatabase } from '../src/db/client.ts';
import { applyPendingMigrations } from '../src/db/migrate.ts';
import { readSheetFile, writeCsv, writeXlsx } from '../src/events/scheme-files.ts';
import { importRecords } from '../src/registration/commands.ts';
import type { Benchmark } from './run.ts';
import { stall } from './stall.ts';

const SIZES = (process.env.BENCH_IMPORT_ROWS ?? '3000,10000').split(',').map(Number);

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉';

/** A clean registration sheet of `rows` distinct people in 40 organizations. */
function registrationSheet(rows: number): string[][] {
  const sheet = [['姓名', '性别', '参赛单位', '身份证号', '手机号', '竞赛项目', '现技能等级', '参赛证号']];
  for (let i = 0; i < rows; i++) {
    const sequence = Math.floor(i / 270) + 1;
    const first17 = `3309021${9 - Math.floor(i / 270 / 999)}${70 + (i % 30)}0${1 + (Math.floor(i / 30) % 9)}1${i % 9}${String(sequence % 1000).padStart(3, '0')}`.slice(0, 17);
    const name = surnames[i % 20]! + given[Math.floor(i / 20) % 32]! + given[Math.floor(i / 640) % 32]!;
    sheet.push([name, sequence % 2 ? '男' : '女', `第${i % 40}分公司`, first17 + checkCharacter(first17), '', '焊工', '', '']);
  }
  return sheet;
}

async function measure(rows: number): Promise<(string | number)[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiangxin-bench-'));
  const file = path.join(dir, 'imports.db');
  await applyPendingMigrations(file);
  const db = await openDatabase(file);
  try {
    const event = await db.event.create({ data: { name: 'bench', status: 'registration' } });
    const skill = await db.skill.create({ data: { eventId: event.id, name: '焊工', nameEn: 'Welding', tieBreaks: '[]' } });
    const sheet = registrationSheet(rows);
    const xlsx = await writeXlsx(sheet, 'bench');
    const readXlsx = await stall(() => readSheetFile(xlsx, 'bench.xlsx', contestantSheetLimits));
    const checked = await stall(async () => {
      const cells = await readSheetFile(writeCsv(sheet), 'bench.csv', contestantSheetLimits);
      return parseContestantSheet(cells, { skills: [skill], existingIdNumbers: new Map(), allowMultipleSkills: false, existingBibs: new Set(), today: new Date() });
    });
    if (!checked.value.ok) throw new Error(`the bench file has mistakes: ${JSON.stringify(checked.value.errors.slice(0, 3))}`);
    const records = checked.value.records;

    // A judge's mark is a short transaction: how long does one wait while the import is written?
    let writing = true;
    let longestWait = 0;
    const judge = (async () => {
      while (writing) {
        const asked = performance.now();
        await db.$transaction(async (tx) => tx.organization.count());
        longestWait = Math.max(longestWait, performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const written = await stall(() => importRecords(db, event.id, records));
    writing = false;
    await judge;
    if (!written.value.ok || (await db.entry.count()) !== rows) throw new Error('the import did not land whole');
    return [
      [rows, `read the XLSX (${Math.round(xlsx.byteLength / 1024)} KB)`, readXlsx.ms, readXlsx.stallMs, ''],
      [rows, 'read and check the CSV', checked.ms, checked.stallMs, ''],
      [rows, 'write', written.ms, written.stallMs, Math.round(longestWait)],
    ];
  } finally {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'imports',
  title: 'Registration import: longest event-loop stall while reading, checking and writing',
  async run() {
    const rows: (string | number)[][] = [];
    for (const size of SIZES) rows.push(...(await measure(size)));
    return {
      columns: ['rows', 'step', 'ms', 'longest stall ms', 'longest judge wait ms'],
      rows,
      notes: ['A request that arrives during a stall waits for it; the judge wait is that of a short transaction asked between stalls.'],
    };
  },
};
export default bench;
