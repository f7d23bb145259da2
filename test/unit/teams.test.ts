import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultSkillSettings, validateSettings } from '../../src/domain/marking-scheme.ts';
import { checkTeamClaims, readTeamName, teamDrawProblems } from '../../src/domain/teams.ts';

test('team names are cleaned and NFKC-folded, and refused when blank, too long or starting with a symbol', () => {
  assert.equal(readTeamName('  船舶\u200b一队 '), { ok: true, name: '船舶一队' });
  assert.equal(readTeamName('１队'), { ok: true, name: '1队' }, 'a full-width IME digit is the same team');
  assert.equal(readTeamName(' '), { ok: false, code: 'team.error.required' });
  assert.equal(readTeamName('队'.repeat(41)), { ok: false, code: 'validation.tooLong' });
  assert.equal(readTeamName('队'.repeat(40)).ok, true);
  assert.equal(readTeamName('=1+1'), { ok: false, code: 'validation.nameStart' });
});

test('claims: a team keeps to the organization that made it (stored or first claim) and to the largest size', () => {
  const known = [{ name: 'A', organization: 1, members: 2 }];
  const claims = [
    { ref: 'r2', organization: 1, team: 'A' }, // 2 stored + 1 = 3: fits
    { ref: 'r3', organization: 1, team: 'A' }, // a 4th: full
    { ref: 'r4', organization: 2, team: 'A' }, // another organization's team
    { ref: 'r5', organization: 2, team: 'B' }, // new team of organization 2
    { ref: 'r6', organization: 1, team: 'B' }, // B is organization 2's now
    { ref: 'r7', organization: 2, team: 'B' },
    { ref: 'r8', organization: 2, team: 'B' },
    { ref: 'r9', organization: 2, team: 'B' }, // B: r5, r7, r8 = 3: full (r6 took no place)
  ];
  assert.equal(checkTeamClaims(claims, known, 3), [
    { ref: 'r3', code: 'team.error.full', params: { team: 'A', max: 3 } },
    { ref: 'r4', code: 'team.error.otherOrganization', params: { team: 'A' } },
    { ref: 'r6', code: 'team.error.otherOrganization', params: { team: 'B' } },
    { ref: 'r9', code: 'team.error.full', params: { team: 'B', max: 3 } },
  ]);
  assert.equal(checkTeamClaims([], known, 3), []);
  // Organizations by name (an import names new ones before they exist).
  assert.equal(checkTeamClaims([{ ref: 1, organization: '甲', team: 'X' }, { ref: 2, organization: '乙', team: 'X' }], [], 2).map((p) => p.ref), [2]);
});

test('the draw: every entry in a team, every team within the sizes; empty teams do not count', () => {
  const teams = [{ id: 1, name: '一队' }, { id: 2, name: '二队' }, { id: 3, name: '空队' }, { id: 4, name: '大队' }];
  const entries = [1, 1, 2, null, null, 4, 4, 4, 4].map((teamId) => ({ teamId }));
  assert.equal(teamDrawProblems(entries, teams, { min: 2, max: 3 }), {
    unassigned: 2,
    badSize: [{ name: '二队', members: 1 }, { name: '大队', members: 4 }],
  });
  assert.equal(teamDrawProblems([{ teamId: 1 }, { teamId: 1 }], teams, { min: 2, max: 2 }), { unassigned: 0, badSize: [] });
});

test('team sizes are validated for a team skill only: 2 to 10, smallest not above largest', () => {
  const issues = (s: Partial<typeof defaultSkillSettings>) => validateSettings({ ...defaultSkillSettings, ...s }, ['theory', 'practical']).map((i) => [i.path, i.code]);
  assert.equal(issues({ teamSkill: false, teamSizeMin: 0, teamSizeMax: 99 }), []);
  assert.equal(issues({ teamSkill: true, teamSizeMin: 2, teamSizeMax: 2 }), []);
  assert.equal(issues({ teamSkill: true, teamSizeMin: 2, teamSizeMax: 10 }), []);
  assert.equal(issues({ teamSkill: true, teamSizeMin: 1, teamSizeMax: 11 }), [['settings.teamSizeMin', 'teamSizeRange'], ['settings.teamSizeMax', 'teamSizeRange']]);
  assert.equal(issues({ teamSkill: true, teamSizeMin: 2.5, teamSizeMax: 3 }), [['settings.teamSizeMin', 'teamSizeRange']]);
  assert.equal(issues({ teamSkill: true, teamSizeMin: 4, teamSizeMax: 3 }), [['settings.teamSizeMax', 'teamSizeOrder']]);
});

test.run();
