import type { Db } from '../../src/db/client.ts';
import { markedFixture, type ResultsFixture } from './results.ts';

/**
 * The marked welding skill of test/support/results.ts with a theory exam: practical 70 % (out of
 * 40: 张伟 40, 李强 30, 王芳 20, so 70, 52.5 and 35 weighted), and a round 理论知识 (code theory,
 * 30 %, out of 100) whose scores are imported. The practical round is not locked.
 */
export interface TheoryFixture extends ResultsFixture {
  theoryId: number;
}

export async function theoryFixture(db: Db): Promise<TheoryFixture> {
  const f = await markedFixture(db);
  await db.round.update({ where: { id: f.roundId }, data: { weight: 70 } });
  const theory = await db.round.create({ data: { skillId: f.skillId, code: 'theory', name: '理论知识', weight: 30, maxScore: 100, scoring: 'imported', position: 1 } });
  return { ...f, theoryId: theory.id };
}

/** The three welding entries' scores as API rows. */
export const theoryRows = (scores: { 张伟: number | string; 李强: number | string; 王芳: number | string }) => [
  { bib: '001', score: scores.张伟 },
  { bib: '002', score: scores.李强 },
  { bib: '003', score: scores.王芳 },
];
