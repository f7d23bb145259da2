/**
 * What one event is made of, table by table, for moving it between installations (a venue's
 * SQLite file and a platform's PostgreSQL, src/transfer/): which rows belong to the event, every
 * column with its type, and which columns hold the id of another row. Ids are the file's own: an
 * import gives every row a new id and rewrites each reference through the same map, so nothing
 * in a file can point at a row that was not in it.
 *
 * The list is in the order an import writes it (each table after those it refers to).
 * test/unit/transfer-tables.test.ts holds it against the schema: a column added to a model
 * without a line here fails that test.
 */
import type { Db } from '../db/client.ts';

/** A scalar column; a trailing ? allows null. */
export type ColumnType = 'int' | 'int?' | 'float' | 'float?' | 'text' | 'text?' | 'bool' | 'date' | 'date?';

/** Tables a column may refer to: the ones below, or an account (mapped by the import, see import.ts). */
export type RefTarget = TableName | 'Account';

export interface Reference {
  to: RefTarget;
  nullable: boolean;
}

export type Column = ColumnType | Reference;

/** The type of a column's values: a reference holds an id. */
export const columnType = (column: Column): ColumnType => (typeof column === 'string' ? column : column.nullable ? 'int?' : 'int');

/** A column holding the id of a row of `to`: remapped on import. */
const ref = (to: RefTarget): Reference => ({ to, nullable: false });
const optionalRef = (to: RefTarget): Reference => ({ to, nullable: true });

export interface TableSpec {
  name: TableName;
  /** The Prisma delegate's name (db[delegate]). */
  delegate: string;
  /** Rows of event `eventId`; for a registration import still being written (importBatch set), none. */
  where: (eventId: number) => object;
  /** Has an autoincrement `id`: read in id order, given new ids on import. */
  ids: boolean;
  columns: Record<string, Column>;
  /**
   * A big table read through the rows of another, `size` keys at a time (by the index on
   * `column`), instead of through `where`: see src/db/chunks.ts.
   */
  through?: { table: TableName; column: string; size: number };
}

const ofSkills = (eventId: number) => ({ skill: { eventId } });
const ofRounds = (eventId: number) => ({ round: { skill: { eventId } } });
const finished = { importBatch: null };

export const tableNames = [
  'Event', 'Organization', 'EventJudge', 'EventStaff', 'Skill', 'DisplaySetting', 'Round', 'Criterion', 'Aspect',
  'JudgeAssignment', 'Contestant', 'Entry', 'Team', 'TeamMember', 'RoundAbsence', 'EntryStatusChange', 'Draw',
  'DrawAssignment', 'Mark', 'MarkChange', 'SheetSignoff', 'AspectReview', 'ScoreImport', 'RoundScore', 'Publication',
  'Certificate', 'Appeal', 'AuditEntry',
] as const;
export type TableName = (typeof tableNames)[number];

const spec = (name: TableName, ids: boolean, where: TableSpec['where'], columns: Record<string, Column>, through?: TableSpec['through']): TableSpec =>
  ({ name, delegate: name[0]!.toLowerCase() + name.slice(1), ids, where, columns, ...(through ? { through } : {}) });

export const tables: readonly TableSpec[] = [
  spec('Event', true, (eventId) => ({ id: eventId }), {
    // federationId is not carried: an imported event belongs to the importer's federation.
    id: 'int', name: 'text', nameEn: 'text', startsOn: 'date?', endsOn: 'date?', venue: 'text', hostOrganization: 'text',
    status: 'text', allowMultipleSkills: 'bool', organizationBestN: 'int', judgeCode: 'text?', createdById: optionalRef('Account'),
    createdAt: 'date', updatedAt: 'date',
  }),
  spec('Organization', true, (eventId) => ({ eventId, ...finished }), {
    id: 'int', eventId: ref('Event'), name: 'text', nameEn: 'text', contactName: 'text', contactPhone: 'text', linkTokenHash: 'text?',
    linkDeadline: 'date?', submittedAt: 'date?', approvedAt: 'date?', createdAt: 'date', importBatch: 'text?',
  }),
  spec('EventJudge', true, (eventId) => ({ eventId }), {
    id: 'int', eventId: ref('Event'), accountId: ref('Account'), number: 'int', organizationId: optionalRef('Organization'), createdAt: 'date',
  }),
  spec('EventStaff', false, (eventId) => ({ eventId }), {
    eventId: ref('Event'), accountId: ref('Account'), role: 'text', addedById: optionalRef('Account'), createdAt: 'date', updatedAt: 'date',
  }),
  spec('Skill', true, (eventId) => ({ eventId }), {
    id: 'int', eventId: ref('Event'), name: 'text', nameEn: 'text', position: 'int', judgesPerAspect: 'int', aggregation: 'text',
    spreadLimit: 'float', decimals: 'int', tieBreaks: 'text', awardMode: 'text', awardFirst: 'float', awardSecond: 'float',
    awardThird: 'float', awardMinimumScore: 'float?', awardMinimumField: 'int', teamScoring: 'text', standardisedScore: 'bool',
    roundAbsence: 'text', identityCheck: 'bool', createdAt: 'date', updatedAt: 'date', chiefJudgeId: optionalRef('EventJudge'),
    teamSkill: 'bool', teamSizeMin: 'int', teamSizeMax: 'int', titleRules: 'text',
  }),
  spec('DisplaySetting', false, (eventId) => ({ eventId }), {
    // skillIds is a JSON array of skill ids: rewritten by the import like a reference.
    eventId: ref('Event'), skillIds: 'text', intervalSeconds: 'int', pinnedSkillId: optionalRef('Skill'), titleOnly: 'bool', updatedAt: 'date',
  }),
  spec('Round', true, ofSkills, {
    id: 'int', skillId: ref('Skill'), code: 'text', name: 'text', weight: 'float', maxScore: 'float', position: 'int',
    lockedAt: 'date?', lockedById: optionalRef('Account'), scoring: 'text',
  }),
  spec('Criterion', true, ofRounds, { id: 'int', roundId: ref('Round'), code: 'text', name: 'text', position: 'int' }),
  spec('Aspect', true, (eventId) => ({ criterion: ofRounds(eventId) }), {
    id: 'int', criterionId: ref('Criterion'), code: 'text', name: 'text', type: 'text', maxMark: 'float', rule: 'text', position: 'int',
  }),
  spec('JudgeAssignment', true, (eventId) => ({ judge: { eventId } }), {
    id: 'int', judgeId: ref('EventJudge'), roundId: ref('Round'), aspectId: optionalRef('Aspect'),
  }),
  spec('Contestant', true, (eventId) => ({ eventId, ...finished }), {
    // photoPath names a file of the photo store; the import stores the file's copy under a new name.
    id: 'int', eventId: ref('Event'), organizationId: ref('Organization'), name: 'text', nameLatin: 'text', gender: 'text',
    idNumber: 'text', birthDate: 'text', phone: 'text', skillLevel: 'text', photoPath: 'text?', createdAt: 'date', updatedAt: 'date',
    importBatch: 'text?',
  }),
  spec('Entry', true, (eventId) => ({ eventId, ...finished }), {
    id: 'int', contestantId: ref('Contestant'), skillId: ref('Skill'), eventId: ref('Event'), bib: 'text', status: 'text',
    attendance: 'text?', checkedInAt: 'date?', checkedInBy: optionalRef('Account'), createdAt: 'date', importBatch: 'text?',
  }),
  spec('Team', true, (eventId) => ({ ...ofSkills(eventId), ...finished }), {
    id: 'int', skillId: ref('Skill'), organizationId: ref('Organization'), name: 'text', createdAt: 'date', importBatch: 'text?',
  }),
  spec('TeamMember', false, (eventId) => ({ team: { ...ofSkills(eventId), ...finished }, entry: finished }), { entryId: ref('Entry'), teamId: ref('Team') }),
  spec('RoundAbsence', false, ofRounds, { entryId: ref('Entry'), roundId: ref('Round'), recordedAt: 'date' }),
  spec('EntryStatusChange', true, (eventId) => ({ entry: { eventId, ...finished } }), {
    id: 'int', entryId: ref('Entry'), skillId: ref('Skill'), roundId: optionalRef('Round'), fromStatus: 'text', toStatus: 'text',
    reason: 'text', accountId: ref('Account'), at: 'date',
  }),
  spec('Draw', true, ofSkills, {
    id: 'int', skillId: ref('Skill'), roundId: optionalRef('Round'), seed: 'text', drawnAt: 'date', drawnById: ref('Account'),
    reason: 'text', supersededAt: 'date?',
  }),
  spec('DrawAssignment', true, (eventId) => ({ draw: ofSkills(eventId) }), {
    id: 'int', drawId: ref('Draw'), entryId: ref('Entry'), station: 'int', code: 'text',
  }),
  spec('Mark', true, (eventId) => ({ entry: { eventId } }), {
    id: 'int', entryId: ref('Entry'), aspectId: ref('Aspect'), judgeId: ref('EventJudge'), state: 'text', value: 'float?',
    version: 'int', updatedAt: 'date',
  }, { table: 'Entry', column: 'entryId', size: 20 }),
  spec('MarkChange', true, (eventId) => ({ mark: { entry: { eventId } } }), {
    id: 'int', markId: ref('Mark'), accountId: ref('Account'), deviceId: 'text', at: 'date', oldState: 'text?', oldValue: 'float?',
    newState: 'text', newValue: 'float?', reason: 'text', idempotencyKey: 'text',
  }, { table: 'Mark', column: 'markId', size: 500 }),
  spec('SheetSignoff', true, ofRounds, {
    id: 'int', judgeId: ref('EventJudge'), entryId: ref('Entry'), roundId: ref('Round'), signedAt: 'date', revokedAt: 'date?',
    revokedReason: 'text',
  }),
  // No relations in the schema: read through the event's entries.
  spec('AspectReview', true, () => ({}), {
    id: 'int', entryId: ref('Entry'), aspectId: ref('Aspect'), kind: 'text', reason: 'text', accountId: ref('Account'), at: 'date',
    resolvedAt: 'date?',
  }, { table: 'Entry', column: 'entryId', size: 500 }),
  spec('ScoreImport', true, ofRounds, {
    id: 'int', roundId: ref('Round'), kind: 'text', fileName: 'text', reason: 'text', accountId: ref('Account'), at: 'date',
  }),
  spec('RoundScore', true, ofRounds, {
    id: 'int', roundId: ref('Round'), entryId: ref('Entry'), importId: ref('ScoreImport'), score: 'float', supersededAt: 'date?',
  }),
  spec('Publication', true, ofSkills, {
    id: 'int', skillId: ref('Skill'), version: 'int', publishedAt: 'date', publishedById: ref('Account'), noticeUntil: 'date',
    appealUntil: 'date', changeNote: 'text', snapshot: 'text', supersededAt: 'date?',
  }),
  spec('Certificate', false, (eventId) => ({ publication: ofSkills(eventId) }), {
    code: 'text', publicationId: ref('Publication'), bib: 'text', number: 'text', createdAt: 'date',
  }),
  spec('Appeal', true, (eventId) => ({ publication: ofSkills(eventId) }), {
    id: 'int', publicationId: ref('Publication'), organizationId: ref('Organization'), entryBib: 'text', text: 'text', filedAt: 'date',
    decidedAt: 'date?', decision: 'text?', decisionReason: 'text', decidedById: optionalRef('Account'),
  }),
  spec('AuditEntry', true, (eventId) => ({ eventId }), {
    id: 'int', at: 'date', accountId: optionalRef('Account'), eventId: ref('Event'), action: 'text', subject: 'text', details: 'text',
  }),
];

export const tableSpec = new Map(tables.map((t) => [t.name, t]));

/** What a file says about each account its rows refer to. */
export const accountColumns = {
  id: 'int', username: 'text', displayName: 'text', role: 'text', disabledAt: 'date?',
  /** Only for the event's own judges' accounts: the hash of their PIN, so they sign in as before. */
  passwordHash: 'text?',
} as const satisfies Record<string, ColumnType>;

/** Models that are not part of one event (accounts and sessions, federations, the server's own tables). */
export const notOfAnEvent = ['Account', 'Session', 'Federation', 'HealthProbe', 'ApiToken', 'PersonMatch', 'RateLimit', 'OneTimeView', 'Photo'] as const;

/** The Prisma delegate of a table, for the generic reads of export.ts. */
export interface Delegate {
  findMany(args: object): Promise<Record<string, unknown>[]>;
}

export const delegateOf = (db: Pick<Db, never>, table: TableSpec): Delegate => (db as unknown as Record<string, Delegate>)[table.delegate]!;
