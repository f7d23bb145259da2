import type { Round } from '../../src/domain/marking-scheme.ts';

/** A scheme using every rule shape and the awkward values a file must carry exactly. */
export const sampleRounds: Round[] = [
  {
    code: 'theory', name: '理论知识', weight: 30, maxScore: 100,
    criteria: [{
      code: 'T1', name: '理论考试',
      aspects: [{ code: 'T1.1', name: '单选题, 判断题', maxMark: 100, rule: { type: 'deduction', perOccurrence: 0.5, cap: 100 } }],
    }],
  },
  {
    code: 'practical', name: '实际操作 "CNC"', weight: 70, maxScore: 60.5,
    criteria: [
      {
        code: 'P1', name: '尺寸精度',
        aspects: [
          { code: '01', name: 'Φ30 外圆', maxMark: 10, rule: { type: 'measurement', nominal: 30, unit: 'mm', step: 0.01, bands: [{ tolerance: 0.02, mark: 10 }, { tolerance: 0.05, mark: 4.5 }] } },
          { code: '1.10', name: '表面粗糙度 Ra1.6', maxMark: 5, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] } },
        ],
      },
      {
        code: 'P2', name: '工艺',
        aspects: [
          { code: 'P2.1', name: '加工工艺合理性', maxMark: 30, rule: { type: 'judgement', levels: ['不合理', '基本合理,\n有缺陷', '合理', '优秀；"规范"'] } },
          { code: 'P2.2', name: '超时', maxMark: 15.5, rule: { type: 'time', limitMinutes: 90, penaltyPerMinute: 0.5 } },
          { code: 'P2.3', name: '完成用时（仅用于并列排序）', maxMark: 0, rule: { type: 'time', limitMinutes: 90, penaltyPerMinute: 0 } },
        ],
      },
    ],
  },
];
