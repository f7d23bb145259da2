import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApiToken } from '../../src/api/tokens.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/client.ts';
import { applyPendingMigrations } from '../../src/db/migrate.ts';
import { buildJudgingWorld, type JudgingWorld } from '../support/judging.ts';
import { startServer } from '../support/server-process.ts';

/**
 * Fault test: the real server (a child process) takes a burst of marks from ten concurrent
 * clients (tablets with a session and CSRF token, and a scoring system with a judge's API
 * token); it is SIGKILLed mid-burst, restarted on the same data folder, and the clients resend
 * what was in flight, as the tablet's queue does. Every mark acknowledged before the kill must be
 * there exactly once, and a resent mark that had reached the disk is not stored twice.
 */

/** SIGKILL once this many marks have been acknowledged; the other clients are mid-request then. */
const KILL_AFTER_ACKS = Number(process.env.FAULT_KILL_AFTER ?? 1000);

interface Slot { code: string; aspectId: number; version: number; lastValue: number | null }
interface Sent { key: string; slot: Slot; value: number; baseVersion: number }
interface Client {
  name: string;
  headers: Record<string, string>;
  path: string;
  slots: Slot[];
  /** The batch sent and not answered: the tablet keeps it queued and sends it again. */
  inFlight: Sent[] | null;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signInTablet(url: string, world: JudgingWorld, judge: JudgingWorld['judges']['neutral']): Promise<Record<string, string>> {
  const cookies = new Map<string, string>();
  const keep = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  };
  const page = await fetch(`${url}/judge/login`);
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const cookie = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const signedIn = await fetch(`${url}/judge/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: csrf, eventCode: world.eventCode, number: String(judge.number), pin: judge.pin }).toString(),
  });
  assert.is(signedIn.status, 303, 'the tablet signs in');
  keep(signedIn);
  // The tablet's page after sign-in carries the session's CSRF token (it is no cookie's value).
  const home = await fetch(`${url}/judge`, { headers: { cookie: cookie() } });
  keep(home);
  const token = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1] ?? '';
  return { cookie: cookie(), 'x-csrf-token': token, accept: 'application/json' };
}

/** Sends one batch; resolves true when answered (and records what was acknowledged), false if the server went away. */
async function sendBatch(url: string, roundId: number, client: Client, batch: Sent[], acked: Map<string, Sent>, replayed?: Map<string, string>) {
  client.inFlight = batch;
  let results: { key: string; status: string; version: number }[];
  try {
    const response = await fetch(`${url}${client.path}`, {
      method: 'POST',
      headers: { ...client.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ roundId, deviceId: client.name, marks: batch.map((s) => ({ key: s.key, code: s.slot.code, aspectId: s.slot.aspectId, mark: { state: 'scored', value: s.value }, baseVersion: s.baseVersion })) }),
    });
    if (response.status !== 200) throw new Error(`${client.name}: HTTP ${response.status} ${await response.text()}`);
    results = ((await response.json()) as { results: typeof results }).results;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${client.name}: HTTP`)) throw error;
    return false; // connection reset by the kill: not acknowledged, stays in flight
  }
  for (const sent of batch) {
    const result = results.find((r) => r.key === sent.key);
    assert.ok(result && (result.status === 'saved' || (replayed && result.status === 'duplicate')), `${client.name}: ${JSON.stringify(result)}`);
    sent.slot.version = result!.version;
    sent.slot.lastValue = sent.value;
    replayed?.set(sent.key, result!.status);
    acked.set(sent.key, sent);
  }
  client.inFlight = null;
  return true;
}

test('SIGKILL mid-burst: every acknowledged mark is present exactly once after a restart, and resent marks are not duplicated', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jiangxin-faults-'));
  const { databaseFile } = loadConfig({ DATA_DIR: dataDir });
  await applyPendingMigrations(databaseFile);
  const setup = await openDatabase(databaseFile);
  const world = await buildJudgingWorld(setup);
  const apiToken = (await createApiToken(setup, world.judges.partial.accountId, 'scoring system')).token;
  await setup.$disconnect();

  let server = startServer(dataDir);
  try {
    const url = await server.ready;
    const neutral = await signInTablet(url, world, world.judges.neutral);
    const fromA = await signInTablet(url, world, world.judges.fromA);
    const api = { authorization: `Bearer ${apiToken}` };
    const { judgement, deduction } = world.aspects;
    const slots = (code: string, aspects: number[]) => aspects.map((aspectId): Slot => ({ code, aspectId, version: 0, lastValue: null }));
    const ofB = world.entries.filter((e) => e.organizationId === world.organizations.b);
    const clients: Client[] = [
      ...world.entries.map((e, i) => ({ name: `tablet-neutral-${i}`, headers: neutral, path: '/judge/marks', slots: slots(e.code, [judgement, deduction]), inFlight: null })),
      ...ofB.map((e, i) => ({ name: `tablet-fromA-${i}`, headers: fromA, path: '/judge/marks', slots: slots(e.code, [judgement, deduction]), inFlight: null })),
      ...world.entries.map((e, i) => ({ name: `api-partial-${i}`, headers: api, path: '/api/v1/judge/marks', slots: slots(e.code, [judgement]), inFlight: null })),
    ];
    const acked = new Map<string, Sent>();
    const nextBatch = (client: Client): Sent[] =>
      client.slots.map((slot) => ({ key: `${client.name}-${randomUUID()}`, slot, value: (slot.version % 2) + 1, baseVersion: slot.version }));

    // The burst: each client sends batch after batch until the server dies under it.
    const killed = server.exited;
    let killing: Promise<unknown> | null = null;
    await Promise.all(clients.map(async (client) => {
      for (;;) {
        const answered = await sendBatch(url, world.roundId, client, nextBatch(client), acked);
        if (!answered) return;
        // A moment later, at no particular point: between a commit and its answer, in a batch, idle.
        if (acked.size >= KILL_AFTER_ACKS && !killing) killing = delay(Math.random() * 30).then(() => server.kill('SIGKILL'));
      }
    }));
    assert.is(await killed, 'SIGKILL');
    const acknowledged = new Map(acked);
    const inFlight = clients.flatMap((c) => c.inFlight ?? []);

    // Restart on the same folder (the killed server's lock is gone) and resend what was in flight.
    server = startServer(dataDir);
    const again = await server.ready;
    const replayed = new Map<string, string>();
    for (const client of clients.filter((c) => c.inFlight)) {
      assert.ok(await sendBatch(again, world.roundId, client, client.inFlight!, acked, replayed), `${client.name} resends`);
    }
    assert.is(await server.kill('SIGTERM'), 0, 'a clean stop');

    const db = new Database(databaseFile, { readonly: true });
    try {
      const changes = db.prepare('SELECT idempotencyKey AS key, newValue AS value, markId FROM MarkChange').all() as { key: string; value: number; markId: number }[];
      const byKey = new Map<string, { value: number }[]>();
      for (const change of changes) byKey.set(change.key, [...(byKey.get(change.key) ?? []), change]);
      const present = [...acknowledged.values()].filter((s) => byKey.get(s.key)?.length === 1 && byKey.get(s.key)![0]!.value === s.value).length;
      const lost = acknowledged.size - present;
      const storedBeforeKill = [...replayed.values()].filter((status) => status === 'duplicate').length;
      console.log(`fault run: acknowledged ${acknowledged.size}, present ${present}, lost ${lost}; in flight at the kill ${inFlight.length} (on disk already ${storedBeforeKill}, resent and saved ${inFlight.length - storedBeforeKill})`);

      assert.ok(acknowledged.size >= KILL_AFTER_ACKS, 'the burst ran until the kill');
      assert.is(lost, 0, 'no acknowledged mark is lost');
      assert.is(present, acknowledged.size);
      assert.is(changes.length, acknowledged.size + inFlight.length, 'one change per key sent: nothing extra, nothing twice');
      assert.is(byKey.size, changes.length, 'no key stored twice');
      for (const sent of inFlight) assert.is(byKey.get(sent.key)?.length, 1, 'a resent mark is stored once');

      // Each mark holds its client's last value, at the version its own changes count.
      const marks = db.prepare('SELECT id, value, version FROM Mark').all() as { id: number; value: number; version: number }[];
      const perMark = new Map<number, number>();
      for (const change of changes) perMark.set(change.markId, (perMark.get(change.markId) ?? 0) + 1);
      assert.is(marks.length, clients.reduce((n, c) => n + c.slots.length, 0), 'one mark per slot');
      for (const mark of marks) assert.is(mark.version, perMark.get(mark.id), 'the version counts its changes');
      const finalValues = clients.flatMap((c) => c.slots.map((s) => s.lastValue)).sort();
      assert.equal(marks.map((m) => m.value).sort(), finalValues, 'every slot holds the last value its client sent');
    } finally {
      db.close();
    }
  } finally {
    await server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test.run();
