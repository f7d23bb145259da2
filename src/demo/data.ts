/**
 * The demo event's fixed content: the event, its organizations, the three skills with their
 * marking schemes, who enters what, and the judges. Names of people are generated (see
 * demo.ts); everything here is hand-written to look like a real district competition.
 * Companies are invented, only the places (定海, 岑港, 金塘, 盐仓) are real.
 */
import { defaultSkillSettings, type Aspect, type Round, type SkillSettings } from '../domain/marking-scheme.ts';
import { blankTitleRule, TECHNICAL_EXPERT } from '../domain/title-rules.ts';

/**
 * The event; its dates are set when seeding (yesterday to tomorrow, see eventDates()), because
 * check-in, the draw and the locks are stamped with the real clock and must fall inside them.
 */
export const DEMO_EVENT = {
  name: '2026年定海区职工技能大比武',
  nameEn: '2026 Dinghai District Workers\' Skills Competition',
  venue: '定海区职业技能实训基地',
  hostOrganization: '定海区总工会',
  allowMultipleSkills: false,
  organizationBestN: 3,
} as const;

/** A three-day event around `today` (theory yesterday, practical today and tomorrow), in China's calendar (UTC+8). */
export function eventDates(today: Date): { startsOn: string; endsOn: string } {
  const day = (offset: number) => new Date(today.getTime() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  return { startsOn: day(-1), endsOn: day(1) };
}

export const DEMO_ORGANIZER = { username: 'demo', password: 'demo-password', displayName: '演示管理员' } as const;

export interface DemoOrganization {
  key: string;
  name: string;
  nameEn: string;
  contactName: string;
  contactPhone: string;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { key: 'changhong', name: '舟山长宏船舶修造有限公司工会', nameEn: 'Zhoushan Changhong Shipbuilding Co. Trade Union', contactName: '乐海燕', contactPhone: '0580-8061234' },
  { key: 'cengang', name: '舟山岑港海洋装备有限公司工会', nameEn: 'Zhoushan Cengang Marine Equipment Co. Trade Union', contactName: '翁立新', contactPhone: '13906801275' },
  { key: 'haixin', name: '定海海鑫机械制造有限公司工会', nameEn: 'Dinghai Haixin Machinery Co. Trade Union', contactName: '陈丽萍', contactPhone: '13857218864' },
  { key: 'jintang', name: '舟山金塘港务有限公司工会', nameEn: 'Zhoushan Jintang Port Co. Trade Union', contactName: '徐国庆', contactPhone: '0580-8045521' },
  { key: 'haichuan', name: '舟山海川数控技术有限公司工会', nameEn: 'Zhoushan Haichuan CNC Technology Co. Trade Union', contactName: '林晓燕', contactPhone: '15857098213' },
  { key: 'donghai', name: '舟山东海智能楼宇科技有限公司工会', nameEn: 'Zhoushan Donghai Smart Building Co. Trade Union', contactName: '周文斌', contactPhone: '18805803367' },
  { key: 'chengtou', name: '舟山定海城投物业服务有限公司工会', nameEn: 'Dinghai Urban Investment Property Services Co. Trade Union', contactName: '胡春燕', contactPhone: '0580-2026618' },
  { key: 'yancang', name: '定海区盐仓街道总工会', nameEn: 'Yancang Subdistrict Federation of Trade Unions', contactName: '俞建华', contactPhone: '13738001942' },
];

// ─── marking schemes ─────────────────────────────────────────────────────────

const judgement = (code: string, name: string, maxMark: number, levels: [string, string, string, string]): Aspect =>
  ({ code, name, maxMark, rule: { type: 'judgement', levels } });
const passFail = (code: string, name: string, maxMark: number): Aspect =>
  ({ code, name, maxMark, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] } });
const measured = (code: string, name: string, maxMark: number, nominal: number, unit: string, step: number, bands: [number, number][]): Aspect =>
  ({ code, name, maxMark, rule: { type: 'measurement', nominal, unit, step, bands: bands.map(([tolerance, mark]) => ({ tolerance, mark })) } });
const deduction = (code: string, name: string, maxMark: number, perOccurrence: number): Aspect =>
  ({ code, name, maxMark, rule: { type: 'deduction', perOccurrence, cap: maxMark } });
const time = (code: string, name: string, maxMark: number, limitMinutes: number, penaltyPerMinute: number): Aspect =>
  ({ code, name, maxMark, rule: { type: 'time', limitMinutes, penaltyPerMinute } });

/** Theory (30 %): a 100-mark paper; the marker enters the number of wrong answers per part. */
function theoryRound(subject: string): Round {
  return {
    code: 'theory', name: '理论知识', weight: 30, maxScore: 100,
    criteria: [{
      code: 'T', name: `${subject}理论知识考试（闭卷，90分钟）`,
      aspects: [
        deduction('T1', '判断题（20题，每题1分，按错题数扣分）', 20, 1),
        deduction('T2', '单项选择题（50题，每题1分，按错题数扣分）', 50, 1),
        deduction('T3', '多项选择题（15题，每题2分，按错题数扣分）', 30, 2),
      ],
    }],
  };
}

const weldingPractical: Round = {
  code: 'practical', name: '实际操作', weight: 70, maxScore: 100,
  criteria: [
    {
      code: 'A', name: '焊缝外观质量（Q235 板厚12mm，V形坡口对接立焊，单面焊双面成形）',
      aspects: [
        judgement('A1', '正面焊缝成形', 20, [
          '成形差：高低宽窄明显不一，有焊瘤或明显焊偏',
          '成形一般：局部宽窄不均，接头处有凸起或脱节',
          '成形良好：宽窄基本一致，波纹较均匀，接头平滑',
          '成形优美：宽窄一致，波纹均匀细密，接头无痕迹',
        ]),
        judgement('A2', '表面缺陷（咬边、气孔、夹渣、裂纹）', 15, [
          '有裂纹、未熔合，或多处气孔夹渣',
          '咬边深度大于0.5mm或累计较长，有个别气孔',
          '仅有少量轻微咬边（深度不大于0.5mm），无气孔夹渣',
          '无任何表面缺陷',
        ]),
        judgement('A3', '背面成形', 15, [
          '背面未焊透或严重内凹',
          '局部未焊透或内凹，余高不均',
          '全部焊透，成形较均匀，个别处余高略超',
          '全部焊透，成形均匀饱满',
        ]),
      ],
    },
    {
      code: 'B', name: '焊缝尺寸',
      aspects: [
        measured('B1', '正面焊缝余高 2.0±0.5 mm', 10, 2, 'mm', 0.1, [[0.5, 10], [1, 5]]),
        measured('B2', '正面焊缝宽度 18±1 mm', 10, 18, 'mm', 0.1, [[1, 10], [2, 5]]),
        passFail('B3', '错边量不大于1.2 mm（合格得满分）', 5),
      ],
    },
    {
      code: 'C', name: '内部质量',
      aspects: [passFail('C1', '射线探伤（GB/T 3323，Ⅱ级及以上合格）', 10)],
    },
    {
      code: 'D', name: '安全文明生产',
      aspects: [deduction('D1', '安全文明生产（违规操作每次扣2分）', 10, 2)],
    },
    {
      code: 'E', name: '操作时间',
      aspects: [time('E1', '操作用时（限时90分钟，每超1分钟扣1分）', 5, 90, 1)],
    },
  ],
};

const cncPractical: Round = {
  code: 'practical', name: '实际操作', weight: 70, maxScore: 100,
  criteria: [
    {
      code: 'A', name: '尺寸精度（轴套配合件，45钢）',
      aspects: [
        measured('A1', '外圆 Φ40±0.012', 8, 40, 'mm', 0.001, [[0.012, 8], [0.025, 4]]),
        measured('A2', '外圆 Φ30±0.010', 8, 30, 'mm', 0.001, [[0.01, 8], [0.02, 4]]),
        measured('A3', '内孔 Φ24±0.015', 8, 24, 'mm', 0.001, [[0.015, 8], [0.03, 4]]),
        measured('A4', '总长 85±0.05', 6, 85, 'mm', 0.01, [[0.05, 6], [0.1, 3]]),
        passFail('A5', '螺纹 M24×1.5-6g（通止规检验）', 8),
        passFail('A6', '表面粗糙度 Ra1.6（样块比对）', 6),
      ],
    },
    {
      code: 'B', name: '工艺与编程',
      aspects: [
        judgement('B1', '加工工艺方案', 12, [
          '工艺路线不合理，装夹或刀具选择有明显错误',
          '工艺基本可行，工序安排或切削参数不够合理',
          '工艺合理，装夹可靠，切削参数恰当',
          '工艺优化，工序精简高效，参数经济合理',
        ]),
        judgement('B2', '数控程序编制与调试', 12, [
          '程序错误多，需多次停机修改',
          '程序可运行，有冗余或个别错误',
          '程序正确规范，调试顺利',
          '程序简洁规范，善用循环与子程序，一次调试成功',
        ]),
        judgement('B3', '零件外观（倒角、去毛刺、无划伤）', 10, [
          '有明显划伤、磕碰或毛刺，倒角缺失',
          '局部有毛刺或倒角不全',
          '外观整洁，倒角齐全，个别微小瑕疵',
          '外观精致，倒角均匀，无毛刺划伤',
        ]),
      ],
    },
    {
      code: 'C', name: '安全文明生产',
      aspects: [deduction('C1', '安全文明生产（违规操作每次扣2分）', 12, 2)],
    },
    {
      code: 'D', name: '操作时间',
      aspects: [time('D1', '操作用时（限时180分钟，每超1分钟扣1分）', 10, 180, 1)],
    },
  ],
};

const buildingPractical: Round = {
  code: 'practical', name: '实际操作', weight: 70, maxScore: 100,
  criteria: [
    {
      code: 'A', name: '系统安装与接线',
      aspects: [
        judgement('A1', '综合布线与线缆端接工艺', 15, [
          '接线错误或端接不合格，线序混乱',
          '接线基本正确，布线凌乱，标识不全',
          '接线正确，布线整齐，标识清楚',
          '工艺精良，横平竖直，绑扎美观，标识规范完整',
        ]),
        judgement('A2', '设备安装与固定', 15, [
          '设备安装不牢固或位置错误',
          '安装基本到位，个别设备歪斜或松动',
          '安装牢固端正，符合图纸要求',
          '安装规范美观，完全符合图纸和工艺要求',
        ]),
      ],
    },
    {
      code: 'B', name: '系统功能调试',
      aspects: [
        passFail('B1', '门禁系统：刷卡开门与权限设置', 10),
        passFail('B2', '视频监控：画面调取与录像回放', 10),
        passFail('B3', '火灾自动报警：探测器报警与联动控制', 10),
        judgement('B4', 'DDC 控制程序：新风机组启停与温度控制', 15, [
          '程序无法运行或控制逻辑错误',
          '能实现启停，温度控制不稳定',
          '启停和温度控制功能正常',
          '功能完整，参数整定合理，运行稳定',
        ]),
      ],
    },
    {
      code: 'C', name: '故障排除',
      aspects: [deduction('C1', '故障排除（共设4个故障点，每个未排除扣2.5分）', 10, 2.5)],
    },
    {
      code: 'D', name: '安全文明生产',
      aspects: [deduction('D1', '安全文明生产（违规操作每次扣2分）', 10, 2)],
    },
    {
      code: 'E', name: '操作时间',
      aspects: [time('E1', '操作用时（限时120分钟，每超1分钟扣1分）', 5, 120, 1)],
    },
  ],
};

export interface DemoSkill {
  key: 'welding' | 'cnc' | 'building';
  name: string;
  nameEn: string;
  rounds: Round[];
  settings: SkillSettings;
  /** Bibs are numbered from here (101, 102 … for welding). */
  firstBib: number;
  /** Organization key → how many contestants it enters. */
  entries: Record<string, number>;
  /** Share of men among the contestants (welders are mostly men, building managers less so). */
  male: number;
  /** Contestant positions (0-based, in bib order) who do not turn up at check-in. */
  absent: number[];
  /** Marking judges: two neutral ones, then one from a competing organization (recused for its entries). */
  judges: [string, string, { name: string; organization: string }];
  chief: string;
}

// Three judges on every judgement aspect, one from a delegation (recused from its own entries): 2 remain.
const settings: SkillSettings = { ...defaultSkillSettings, awardMinimumScore: 60, judgesPerAspect: 2 };

export const DEMO_SKILLS: DemoSkill[] = [
  {
    key: 'welding', name: '焊工', nameEn: 'Welding',
    rounds: [theoryRound('焊工'), weldingPractical],
    settings,
    firstBib: 101,
    entries: { changhong: 6, cengang: 5, haixin: 3, jintang: 3, yancang: 2, haichuan: 2 },
    male: 0.95,
    absent: [7, 16],
    judges: ['翁建平', '乐志明', { name: '鲍海军', organization: 'changhong' }],
    chief: '俞国良',
  },
  {
    key: 'cnc', name: '数控车工', nameEn: 'CNC turning',
    rounds: [theoryRound('数控车工'), cncPractical],
    settings,
    firstBib: 201,
    entries: { haichuan: 6, haixin: 5, cengang: 3, changhong: 2, yancang: 2, jintang: 2 },
    male: 0.85,
    absent: [11],
    judges: ['贺立群', '史美华', { name: '竺永强', organization: 'haichuan' }],
    chief: '虞文涛',
  },
  {
    key: 'building', name: '智能楼宇管理员', nameEn: 'Building management',
    rounds: [theoryRound('智能楼宇管理员'), buildingPractical],
    // A city's rules: the top 3 are 技术能手 and go one grade up; the young among the top 5 are 青年岗位能手.
    settings: {
      ...settings,
      titleRules: [
        { ...blankTitleRule, rankTo: 3, title: TECHNICAL_EXPERT, promotion: 'step' },
        { ...blankTitleRule, rankTo: 5, underAge: 35, title: '青年岗位能手' },
      ],
    },
    firstBib: 301,
    entries: { donghai: 6, chengtou: 6, yancang: 3, jintang: 2, haixin: 2 },
    male: 0.55,
    absent: [4, 13],
    judges: ['应晓红', '孙伟东', { name: '周雅琴', organization: 'chengtou' }],
    chief: '毛建新',
  },
];

// ─── people ──────────────────────────────────────────────────────────────────

/** Common surnames in Zhoushan (舟山) first, so the lists look local. */
export const SURNAMES = [
  '王', '张', '陈', '李', '林', '徐', '周', '胡', '刘', '俞', '应', '乐', '翁', '虞', '史', '鲍', '孙', '贺', '毛', '竺',
  '吴', '杨', '黄', '金', '邵', '丁', '方', '夏', '蒋', '沈', '朱', '郑', '叶', '傅', '邬', '包', '柴', '钟',
] as const;

export const MALE_GIVEN = [
  '建军', '海波', '志强', '国平', '伟', '勇', '杰', '磊', '斌', '军', '涛', '海军', '永康', '晓东', '俊杰', '宇航', '浩然',
  '鹏飞', '建华', '国庆', '立新', '海涛', '振宇', '文斌', '明辉', '俊', '浩', '成龙', '亚东', '国栋', '一鸣', '天宇', '家豪',
  '伟峰', '剑锋', '建平', '旭东', '晨阳', '子轩', '海龙', '志华', '云飞', '德明', '金华',
] as const;

export const FEMALE_GIVEN = [
  '丽萍', '海燕', '静', '敏', '婷婷', '晓燕', '丽娜', '佳怡', '雨欣', '颖', '琳', '雪梅', '慧敏', '春燕', '梦瑶', '思琪',
  '欣怡', '亚芬', '素珍', '娟', '红霞', '晓红', '燕萍', '文静',
] as const;

/** 定海区, 普陀区, 岱山县: where the contestants' ID numbers were issued. */
export const AREA_CODES = ['330902', '330902', '330902', '330903', '330921'] as const;

export const MOBILE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '157', '158', '159', '182', '187', '188', '133', '153', '180', '189', '130', '131', '155', '186'] as const;

/** Reasons the chief judge writes when accepting a judge spread after discussion. */
export const SPREAD_REASON = '经裁判组合议复核，评分依据充分，维持原评分';
