/**
 * `npm run demo`: loads the demo event into the DATA_DIR database (migrations first) and prints
 * how to look at it. Never deletes anything: if the demo event is already there it refuses and
 * suggests a fresh DATA_DIR.
 */
import { attachBackups } from '../backups/index.ts';
import { isPostgresqlUrl } from '../db/location.ts';
import { Snapshots, snapshotSettings } from '../backups/snapshots.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { applyPendingMigrations } from '../db/migrate.ts';
import { DEMO_EVENT, seedDemo, type DemoSummary } from './demo.ts';

function printSummary(summary: DemoSummary, port: number, dataDir: string, totalMs: number) {
  const url = `http://localhost:${port}`;
  const [welding, cnc, building] = summary.skills as [DemoSummary['skills'][0], DemoSummary['skills'][0], DemoSummary['skills'][0]];
  const practical = (skill: DemoSummary['skills'][0]) => skill.rounds[skill.rounds.length - 1]!;
  const lines = [
    '',
    `演示数据已载入 / Demo data loaded: ${summary.eventName}`,
    `  ${summary.counts.organizations} organizations, ${summary.counts.contestants} contestants (${summary.counts.absent} absent), ${summary.counts.marks} marks, ${summary.counts.signoffs} signed sheets`,
    '',
    `Start the server:   DATA_DIR=${dataDir} npm start      then open ${url}`,
    '',
    '组织者 / Organizer:',
    summary.organizer.created
      ? `  ${url}/login   username ${summary.organizer.username}   password ${summary.organizer.password}`
      : `  ${url}/login   sign in with the existing organizer account (${summary.organizer.username}); the demo event was added to it`,
    '',
    `裁判 / Judges: ${url}/judge/login   event code ${summary.judgeCode}`,
    ...summary.judges.map((j) =>
      `  J${String(j.number).padEnd(3)} PIN ${j.pin}   ${j.skill} ${j.chief ? '裁判长 chief judge' : '裁判 judge'}  ${j.name}${j.organization ? `  (${j.organization}: recused for its contestants)` : ''}`),
    '',
    'Screens to look at (signed in as the organizer unless noted):',
    `  event overview           ${url}/events/${summary.eventId}`,
    `  registration             ${url}/events/${summary.eventId}/registration`,
    `  check-in                 ${url}/events/${summary.eventId}/check-in`,
    `  judges and PIN cards     ${url}/events/${summary.eventId}/judges`,
    `  marking scheme (CNC)     ${url}/skills/${cnc.id}`,
    `  draw (welding)           ${url}/skills/${welding.id}/draw`,
    `  desk, live (building)    ${url}/desk/rounds/${practical(building).id}   missing marks, unsigned sheets, a flagged spread`,
    `  desk, locked (welding)   ${url}/desk/rounds/${practical(welding).id}`,
    `  decryption (welding)     ${url}/rounds/${practical(welding).id}/decrypt`,
    `  mark log (welding)       ${url}/skills/${welding.id}/mark-log   a mark sent back and corrected`,
    `  results (welding)        ${url}/skills/${welding.id}/results   version ${summary.published[0]?.version ?? '-'}, appeals open for 2 hours`,
    `  a judge's tablet         ${url}/judge/login?event=${summary.judgeCode}&number=${summary.judges.filter((j) => j.skill === building.name && !j.chief)[1]?.number ?? ''}   (building, part-way through)`,
    '',
    `Took ${(totalMs / 1000).toFixed(1)} s: ${summary.timings.map((t) => `${t.stage} ${(t.ms / 1000).toFixed(1)} s`).join(', ')}.`,
  ];
  console.log(lines.join('\n'));
}

const started = performance.now();
const config = loadConfig();
const applied = await applyPendingMigrations(config.database);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
const db = await openDatabase(config.database, { poolSize: config.postgresqlPoolSize });
// As in the server: the demo's draws, locks and publication leave their snapshots in DATA_DIR/backups (SQLite's only).
const backups = isPostgresqlUrl(config.database) ? null : attachBackups(db, new Snapshots(snapshotSettings(config)));
try {
  const result = await seedDemo(db, { log: (line) => console.log(line) });
  if (!result.ok) {
    console.error([
      `The demo event "${DEMO_EVENT.name}" is already in ${isPostgresqlUrl(config.database) ? 'the PostgreSQL database' : config.databaseFile} (event ${result.eventId}).`,
      'Nothing was changed: the demo never deletes data. To load it afresh, use an empty data folder:',
      '',
      '  DATA_DIR=$(mktemp -d) npm run demo',
      '',
      'and start the server with the same DATA_DIR.',
    ].join('\n'));
    process.exitCode = 1;
  } else {
    printSummary(result.summary, config.port, config.dataDir, performance.now() - started);
  }
} finally {
  // The locks' and the publication's snapshots are written after them.
  await backups?.settled();
  await db.$disconnect();
}
