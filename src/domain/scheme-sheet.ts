import {
  validateRounds,
  type Aspect,
  type AspectRule,
  type AspectType,
  type Criterion,
  type Round,
  type RoundScoring,
  type SchemeIssue,
  type SchemeIssueCode,
  type ToleranceBand,
} from './marking-scheme.ts';
import { cellText, columnTitle, errorSorter, findHeaderIndex, headerLookup, isBlankRow, readSheetHeader, type SheetCell, type SheetLanguage, type SheetLimits } from './sheet-header.ts';

/**
 * A skill's marking scheme as a spreadsheet, the way organizers keep it in Excel: one row per
 * aspect, its round and criterion repeated on each row. Pure: src/events/scheme-files.ts reads
 * and writes the actual XLSX/CSV files. Parsing reports every problem with its row and column,
 * using the same rules as the editor (validateRounds), and yields rounds only when there is none.
 */

export type { SheetCell, SheetLanguage } from './sheet-header.ts';

export const sheetColumns = [
  { key: 'round_code', zh: '环节代码', en: 'Round code' },
  { key: 'round_name', zh: '环节名称', en: 'Round name' },
  { key: 'round_weight', zh: '权重(%)', en: 'Weight (%)' },
  { key: 'round_max', zh: '环节满分', en: 'Round max' },
  { key: 'criterion_code', zh: '评分项代码', en: 'Criterion code' },
  { key: 'criterion_name', zh: '评分项名称', en: 'Criterion name' },
  { key: 'aspect_code', zh: '细则代码', en: 'Aspect code' },
  { key: 'aspect_name', zh: '评分细则', en: 'Aspect' },
  { key: 'type', zh: '类型', en: 'Type' },
  { key: 'max_mark', zh: '分值', en: 'Max mark' },
  { key: 'level_0', zh: '评价等级0', en: 'Level 0' },
  { key: 'level_1', zh: '评价等级1', en: 'Level 1' },
  { key: 'level_2', zh: '评价等级2', en: 'Level 2' },
  { key: 'level_3', zh: '评价等级3', en: 'Level 3' },
  { key: 'per_occurrence', zh: '每次扣分', en: 'Per occurrence' },
  { key: 'cap', zh: '扣分上限', en: 'Deduction cap' },
  { key: 'limit_minutes', zh: '时限(分钟)', en: 'Time limit (min)' },
  { key: 'penalty_per_minute', zh: '超时每分钟扣分', en: 'Penalty per minute' },
  { key: 'nominal', zh: '标准值', en: 'Nominal' },
  { key: 'unit', zh: '单位', en: 'Unit' },
  { key: 'step', zh: '步长', en: 'Step' },
  { key: 'bands', zh: '公差带', en: 'Tolerance bands' },
  // Last, so sheets written before imported rounds existed keep their layout; blank means marked.
  { key: 'round_scoring', zh: '成绩来源', en: 'Scores', aliases: ['评分方式'] },
  { key: 'entry', zh: '记分方式', en: 'Marked as' },
] as const;

export type ColumnKey = (typeof sheetColumns)[number]['key'];

/** A marking scheme has a few hundred aspects, one row each; 24 columns in the template. */
export const schemeSheetLimits: SheetLimits = { maxRows: 2_000, maxColumns: 50 };

/** Rule columns may be absent when no aspect of the file needs them. */
const requiredColumns: readonly ColumnKey[] = [
  'round_code', 'round_name', 'round_weight', 'round_max', 'criterion_code', 'criterion_name',
  'aspect_code', 'aspect_name', 'type', 'max_mark',
];

const ruleColumns: Record<AspectType, readonly ColumnKey[]> = {
  measurement: ['nominal', 'unit', 'step', 'bands', 'entry'],
  judgement: ['level_0', 'level_1', 'level_2', 'level_3'],
  deduction: ['per_occurrence', 'cap'],
  time: ['limit_minutes', 'penalty_per_minute'],
};
const allRuleColumns = Object.values(ruleColumns).flat();

const typeLabels: Record<SheetLanguage, Record<AspectType, string>> = {
  'zh-CN': { measurement: '测量', judgement: '评价', deduction: '扣分', time: '时间' },
  en: { measurement: 'measurement', judgement: 'judgement', deduction: 'deduction', time: 'time' },
};
/** An imported round (the exam system's scores) is one row with its round columns and this label. */
const scoringLabels: Record<SheetLanguage, Record<RoundScoring, string>> = {
  'zh-CN': { marks: '评分', imported: '导入' },
  en: { marks: 'marks', imported: 'imported' },
};
const scoringsByLabel = new Map<string, RoundScoring>([
  ...Object.values(scoringLabels).flatMap((labels) => Object.entries(labels).map(([scoring, label]) => [label, scoring as RoundScoring] as const)),
  ['裁判评分', 'marks'], ['机考', 'imported'], ['导入成绩', 'imported'],
]);
/** The columns an imported round's row leaves blank: it has no criteria or aspects. */
const aspectColumns: readonly ColumnKey[] = ['criterion_code', 'criterion_name', 'aspect_code', 'aspect_name', 'type', 'max_mark'];
/** The "Marked as" column: empty for the measured value, this word for points as marked. */
const entryLabels: Record<SheetLanguage, { points: string }> = { 'zh-CN': { points: '得分' }, en: { points: 'points' } };
const pointsLabels = new Set(Object.values(entryLabels).map((labels) => labels.points));

const typesByLabel = new Map<string, AspectType>([
  ...Object.values(typeLabels).flatMap((labels) =>
    Object.entries(labels).map(([type, label]) => [label, type as AspectType] as const),
  ),
  ['judgment', 'judgement'],
]);

/** The editor's limits (src/events/schemas.ts), so an import cannot store what a form refuses. */
const maxLength: Partial<Record<ColumnKey, number>> = {
  round_name: 60, criterion_name: 120, aspect_name: 500, unit: 20,
  level_0: 500, level_1: 500, level_2: 500, level_3: 500,
};

export type SheetErrorCode =
  | 'sheet.error.empty'
  | 'sheet.error.unknownColumn'
  | 'sheet.error.unnamedColumn'
  | 'sheet.error.duplicateColumn'
  | 'sheet.error.missingColumn'
  | 'sheet.error.notANumber'
  | 'sheet.error.unknownType'
  | 'sheet.error.notApplicable'
  | 'sheet.error.badBands'
  | 'sheet.error.badEntry'
  | 'sheet.error.inconsistentRound'
  | 'sheet.error.inconsistentCriterion'
  | 'sheet.error.unknownScoring'
  | 'validation.tooLong'
  | `scheme.issue.${SchemeIssueCode}`;

export interface SheetError {
  /** 1-based spreadsheet row; the header is row 1 (file-wide problems are reported there too). */
  row: number;
  /** The column key, or '' when the problem is not in one known column. */
  column: ColumnKey | '';
  /** A catalogue key. */
  code: SheetErrorCode;
  params?: Record<string, string | number>;
}

export type SheetParseResult = { ok: true; rounds: Round[] } | { ok: false; errors: SheetError[] };

export function columnHeader(key: ColumnKey, language: SheetLanguage): string {
  return columnTitle(sheetColumns, key, language);
}

// ---------------------------------------------------------------------------------------------
// Export

export function schemeToSheet(rounds: Round[], language: SheetLanguage): string[][] {
  const header = sheetColumns.map((column) => columnHeader(column.key, language));
  const rows = rounds.flatMap((round) =>
    round.scoring === 'imported'
      ? [sheetColumns.map((column) => String(({
          round_code: round.code, round_name: round.name, round_weight: round.weight, round_max: round.maxScore,
          round_scoring: scoringLabels[language].imported,
        } as Partial<Record<ColumnKey, string | number>>)[column.key] ?? ''))]
      : round.criteria.flatMap((criterion) =>
      criterion.aspects.map((aspect) => {
        const cells: Partial<Record<ColumnKey, string | number | null>> = {
          round_code: round.code,
          round_name: round.name,
          round_weight: round.weight,
          round_max: round.maxScore,
          criterion_code: criterion.code,
          criterion_name: criterion.name,
          aspect_code: aspect.code,
          aspect_name: aspect.name,
          type: typeLabels[language][aspect.rule.type],
          max_mark: aspect.maxMark,
          ...ruleCells(aspect.rule, language),
        };
        return sheetColumns.map((column) => String(cells[column.key] ?? ''));
      }),
    ),
  );
  return [header, ...rows];
}

function ruleCells(rule: AspectRule, language: SheetLanguage): Partial<Record<ColumnKey, string | number | null>> {
  switch (rule.type) {
    case 'measurement':
      return {
        nominal: rule.nominal,
        unit: rule.unit,
        step: rule.step,
        bands: rule.bands.map((band) => `${band.tolerance}:${band.mark}`).join('; '),
        entry: rule.entry === 'points' ? entryLabels[language].points : null,
      };
    case 'judgement':
      return { level_0: rule.levels[0], level_1: rule.levels[1], level_2: rule.levels[2], level_3: rule.levels[3] };
    case 'deduction':
      return { per_occurrence: rule.perOccurrence, cap: rule.cap };
    case 'time':
      return { limit_minutes: rule.limitMinutes, penalty_per_minute: rule.penaltyPerMinute };
  }
}

/** Headers plus an example welding scheme (theory 30 %, practical 70 %) with one aspect of each type. */
export function schemeTemplate(language: SheetLanguage): string[][] {
  return schemeToSheet(language === 'zh-CN' ? templateZh : templateEn, language);
}

const exampleScheme = (text: {
  theory: string; exam: string; examAspect: string;
  practical: string; appearance: string; reinforcement: string; bead: string; levels: [string, string, string, string];
  internal: string; radiography: string; safety: string; violation: string; time: string; completion: string;
}): Round[] => [
  {
    code: 'theory', name: text.theory, weight: 30, maxScore: 100,
    criteria: [{
      code: 'T1', name: text.exam,
      aspects: [{ code: 'T1.1', name: text.examAspect, maxMark: 100, rule: { type: 'deduction', perOccurrence: 1, cap: 100 } }],
    }],
  },
  {
    code: 'practical', name: text.practical, weight: 70, maxScore: 100,
    criteria: [
      {
        code: 'P1', name: text.appearance,
        aspects: [
          {
            code: 'P1.1', name: text.reinforcement, maxMark: 10,
            rule: { type: 'measurement', nominal: 1.5, unit: 'mm', step: 0.1, bands: [{ tolerance: 0.5, mark: 10 }, { tolerance: 1, mark: 6 }, { tolerance: 1.5, mark: 3 }] },
          },
          { code: 'P1.2', name: text.bead, maxMark: 25, rule: { type: 'judgement', levels: text.levels } },
        ],
      },
      {
        code: 'P2', name: text.internal,
        aspects: [{ code: 'P2.1', name: text.radiography, maxMark: 45, rule: { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] } }],
      },
      {
        code: 'P3', name: text.safety,
        aspects: [{ code: 'P3.1', name: text.violation, maxMark: 10, rule: { type: 'deduction', perOccurrence: 2, cap: 10 } }],
      },
      {
        code: 'P4', name: text.time,
        aspects: [{ code: 'P4.1', name: text.completion, maxMark: 10, rule: { type: 'time', limitMinutes: 60, penaltyPerMinute: 2 } }],
      },
    ],
  },
];

const templateZh = exampleScheme({
  theory: '理论知识', exam: '理论考试', examAspect: '单选、判断题（每答错一题扣1分）',
  practical: '实际操作', appearance: '焊缝外观', reinforcement: '焊缝余高', bead: '焊缝成形',
  levels: ['成形差，有明显缺陷', '成形一般，宽窄不齐', '成形良好，波纹较均匀', '成形美观，波纹均匀细密'],
  internal: '内部质量', radiography: '射线探伤达到Ⅱ级及以上', safety: '安全文明生产', violation: '违规操作（每次扣2分）',
  time: '操作时间', completion: '超时扣分',
});

const templateEn = exampleScheme({
  theory: 'Theory', exam: 'Theory exam', examAspect: 'Multiple choice and true/false (1 mark off per wrong answer)',
  practical: 'Practical', appearance: 'Weld appearance', reinforcement: 'Weld reinforcement height', bead: 'Bead shape',
  levels: ['Poor, with visible defects', 'Fair, uneven width', 'Good, fairly even ripples', 'Excellent, fine even ripples'],
  internal: 'Internal quality', radiography: 'Radiography grade II or better', safety: 'Safe and tidy work', violation: 'Unsafe practice (2 marks off each time)',
  time: 'Working time', completion: 'Overtime penalty',
});

// ---------------------------------------------------------------------------------------------
// Import

export function parseSchemeSheet(rows: SheetCell[][]): SheetParseResult {
  const headerIndex = findHeaderIndex(rows);
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, column: '', code: 'sheet.error.empty' }] };
  const headerRow = headerIndex + 1;
  const header = readSheetHeader(rows, headerIndex, columnsByHeader, requiredColumns);
  if (header.errors.length > 0) return { ok: false, errors: sortErrors(header.errors) };

  const builder = new SchemeBuilder(header.columns);
  rows.forEach((cells, index) => {
    if (index > headerIndex && !isBlankRow(cells)) builder.addRow(cells, index + 1);
  });
  const errors = builder.finish(headerRow);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rounds: builder.rounds() };
}

const columnsByHeader = headerLookup(sheetColumns);

const NUMBER = /^-?\d+(\.\d+)?$/;
/** Strict: "12abc" is not 12. NFKC turns a Chinese IME's full-width "１２．５" into "12.5". */
function parseNumber(text: string): number {
  const plain = text.normalize('NFKC').trim();
  return NUMBER.test(plain) ? Number(plain) : Number.NaN;
}

/** Reads one row's cells by column key, recording problems against that row. */
class RowReader {
  constructor(
    private readonly cells: SheetCell[],
    private readonly columns: Map<ColumnKey, number>,
    readonly row: number,
    private readonly errors: SheetError[],
  ) {}

  error(column: ColumnKey, code: SheetErrorCode, params?: SheetError['params']) {
    this.errors.push(params ? { row: this.row, column, code, params } : { row: this.row, column, code });
  }

  private cell(key: ColumnKey): SheetCell {
    const index = this.columns.get(key);
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  has(key: ColumnKey): boolean {
    return cellText(this.cell(key)) !== '';
  }

  text(key: ColumnKey): string {
    const text = cellText(this.cell(key));
    const max = maxLength[key];
    if (max !== undefined && text.length > max) this.error(key, 'validation.tooLong', { max });
    return text;
  }

  code(key: ColumnKey): string {
    const text = this.text(key);
    if (text === '') this.error(key, 'scheme.issue.required');
    return text;
  }

  /** undefined when blank; NaN (with the error recorded) when not a number. */
  number(key: ColumnKey): number | undefined {
    const cell = this.cell(key);
    if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
    const text = cellText(cell);
    if (text === '') return undefined;
    // A percent-formatted weight comes out of Excel's CSV export as "30%".
    const value = parseNumber(key === 'round_weight' ? text.normalize('NFKC').replace(/%\s*$/, '') : text);
    if (Number.isNaN(value)) this.error(key, 'sheet.error.notANumber', { value: text });
    return value;
  }

  requiredNumber(key: ColumnKey): number {
    const value = this.number(key);
    if (value === undefined) this.error(key, 'scheme.issue.required');
    return value ?? Number.NaN;
  }

  /** Empty: the measured value (or full marks / zero); "points" / "得分": the judge enters the points earned. */
  entry(): { entry?: 'points' } {
    const text = this.text('entry');
    if (text === '') return {};
    if (pointsLabels.has(text.toLowerCase())) return { entry: 'points' };
    this.error('entry', 'sheet.error.badEntry', { value: text });
    return {};
  }

  /** "0.02:2; 0.05:1" → tolerance:mark pairs; "±" and full-width separators are accepted. */
  bands(): ToleranceBand[] {
    const text = this.text('bands');
    const bands = text
      .split(/[;；]/)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => {
        const [tolerance = '', mark = '', ...rest] = part.split(/[:：]/);
        return rest.length > 0
          ? { tolerance: Number.NaN, mark: Number.NaN }
          : { tolerance: parseNumber(tolerance.trim().replace(/^±/, '')), mark: parseNumber(mark) };
      });
    if (bands.some((band) => Number.isNaN(band.tolerance) || Number.isNaN(band.mark))) {
      this.error('bands', 'sheet.error.badBands', { value: text });
      return [];
    }
    return bands;
  }
}

function readAspect(read: RowReader): Aspect {
  const code = read.code('aspect_code');
  const name = read.text('aspect_name');
  const maxMark = read.requiredNumber('max_mark');
  const label = read.text('type');
  const type = typesByLabel.get(label.toLowerCase());
  if (label === '') read.error('type', 'scheme.issue.required');
  else if (!type) read.error('type', 'sheet.error.unknownType', { value: label });
  if (type) {
    for (const key of allRuleColumns) {
      if (!ruleColumns[type].includes(key) && read.has(key)) read.error(key, 'sheet.error.notApplicable');
    }
  }
  return { code, name, maxMark, rule: type ? readRule(read, type) : unknownRule };
}

/** Stands in for a rule whose type could not be read, so the round's total still counts the row. */
const unknownRule: AspectRule = { type: 'measurement', nominal: null, unit: '', step: 1, bands: [] };

function readRule(read: RowReader, type: AspectType): AspectRule {
  switch (type) {
    case 'measurement':
      return { type, nominal: read.number('nominal') ?? null, unit: read.text('unit'), step: read.requiredNumber('step'), bands: read.bands(), ...read.entry() };
    case 'judgement':
      return { type, levels: [read.text('level_0'), read.text('level_1'), read.text('level_2'), read.text('level_3')] };
    case 'deduction':
      return { type, perOccurrence: read.requiredNumber('per_occurrence'), cap: read.requiredNumber('cap') };
    case 'time':
      return { type, limitMinutes: read.requiredNumber('limit_minutes'), penaltyPerMinute: read.requiredNumber('penalty_per_minute') };
  }
}

/** Where each part of the scheme came from, to put validateRounds' issues back on the sheet. */
interface RoundSource {
  round: Round;
  rows: number[];
  /** The row that first gave a round-level value (name, weight, maximum). */
  valueRows: Map<ColumnKey, number>;
  criteria: CriterionSource[];
}
interface CriterionSource {
  criterion: Criterion;
  rows: number[];
  valueRows: Map<ColumnKey, number>;
  aspectRows: number[];
}

class SchemeBuilder {
  private readonly sources = new Map<string, RoundSource>();
  private readonly errors: SheetError[] = [];
  /** Some row could not be put in a round, so the rounds' totals are not the file's totals. */
  private incomplete = false;

  constructor(private readonly columns: Map<ColumnKey, number>) {}

  rounds(): Round[] {
    return [...this.sources.values()].map((source) => source.round);
  }

  addRow(cells: SheetCell[], row: number) {
    const read = new RowReader(cells, this.columns, row, this.errors);
    const scoringLabel = read.text('round_scoring');
    const scoring = scoringLabel === '' ? undefined : scoringsByLabel.get(scoringLabel.normalize('NFKC').toLowerCase());
    if (scoringLabel !== '' && !scoring) read.error('round_scoring', 'sheet.error.unknownScoring', { value: scoringLabel });
    if (scoring === 'imported' && !aspectColumns.some((key) => read.has(key))) {
      // The round's own row: nothing to mark.
      const code = read.code('round_code');
      if (code === '') this.incomplete = true;
      else this.round(read, code, scoring);
      return;
    }
    const roundCode = read.code('round_code');
    const criterionCode = read.code('criterion_code');
    const aspect = readAspect(read);
    if (roundCode === '') {
      this.incomplete = true;
      return;
    }
    const round = this.round(read, roundCode, scoring);
    const criterion = this.criterion(read, round, criterionCode);
    criterion.criterion.aspects.push(aspect);
    criterion.aspectRows.push(row);
  }

  private round(read: RowReader, code: string, scoring: RoundScoring | undefined): RoundSource {
    let source = this.sources.get(code);
    if (!source) {
      source = { round: { code, name: '', weight: Number.NaN, maxScore: Number.NaN, criteria: [] }, rows: [], valueRows: new Map(), criteria: [] };
      this.sources.set(code, source);
    }
    source.rows.push(read.row);
    const { round, valueRows } = source;
    const error = 'sheet.error.inconsistentRound';
    round.name = agree(read, valueRows, 'round_name', read.text('round_name'), round.name, error, code);
    round.weight = agree(read, valueRows, 'round_weight', read.number('round_weight'), round.weight, error, code);
    round.maxScore = agree(read, valueRows, 'round_max', read.number('round_max'), round.maxScore, error, code);
    const agreed = agree<string>(read, valueRows, 'round_scoring', scoring, round.scoring ?? '', error, code);
    if (agreed !== '') round.scoring = agreed as RoundScoring;
    return source;
  }

  private criterion(read: RowReader, round: RoundSource, code: string): CriterionSource {
    let source = round.criteria.find((c) => c.criterion.code === code);
    if (!source) {
      source = { criterion: { code, name: '', aspects: [] }, rows: [], valueRows: new Map(), aspectRows: [] };
      round.criteria.push(source);
      round.round.criteria.push(source.criterion);
    }
    source.rows.push(read.row);
    const name = read.text('criterion_name');
    source.criterion.name = agree(read, source.valueRows, 'criterion_name', name, source.criterion.name, 'sheet.error.inconsistentCriterion', code);
    return source;
  }

  /** All problems, structural first and then the scheme rules, sorted by row and column. */
  finish(headerRow: number): SheetError[] {
    for (const source of this.sources.values()) {
      for (const key of ['round_weight', 'round_max'] as const) {
        const reported = this.errors.some((e) => e.column === key && source.rows.includes(e.row));
        if (!source.valueRows.has(key) && !reported) this.errors.push({ row: source.rows[0]!, column: key, code: 'scheme.issue.required' });
      }
    }
    const sources = [...this.sources.values()];
    const reportedCells = new Set(this.errors.map((e) => `${e.row}:${e.column}`));
    const issues = validateRounds(this.rounds())
      .filter((issue) => !(this.incomplete && ['noRounds', 'roundTotal', 'weightsSum'].includes(issue.code)))
      // A total or sum over a cell that is already reported as unreadable says nothing new.
      .filter((issue) => Object.values(issue.params ?? {}).every((v) => typeof v !== 'number' || Number.isFinite(v)))
      .map((issue): SheetError => {
        const { row, column } = locate(issue, sources, headerRow);
        const code = `scheme.issue.${issue.code}` as const;
        return issue.params ? { row, column, code, params: issue.params } : { row, column, code };
      })
      .filter((error) => !reportedCells.has(`${error.row}:${error.column}`));
    return sortErrors([...this.errors, ...issues]);
  }
}

/** A round's or criterion's value may be left blank after the row that gives it; a different value is an error. */
function agree<T extends string | number>(
  read: RowReader,
  valueRows: Map<ColumnKey, number>,
  key: ColumnKey,
  value: T | undefined,
  current: T,
  code: SheetErrorCode,
  owner: string,
): T {
  if (value === undefined || value === '' || Number.isNaN(value)) return current;
  const firstRow = valueRows.get(key);
  if (firstRow === undefined) {
    valueRows.set(key, read.row);
    return value;
  }
  if (value !== current) read.error(key, code, { row: firstRow, code: owner });
  return current;
}

const aspectFieldColumns: Record<string, ColumnKey> = {
  code: 'aspect_code',
  name: 'aspect_name',
  maxMark: 'max_mark',
  perOccurrence: 'per_occurrence',
  cap: 'cap',
  limitMinutes: 'limit_minutes',
  penaltyPerMinute: 'penalty_per_minute',
  nominal: 'nominal',
  unit: 'unit',
  step: 'step',
  bands: 'bands',
  entry: 'entry',
};

/** The row and column of an issue path such as "rounds.1.criteria.0.aspects.2.rule.cap". */
function locate(issue: SchemeIssue, sources: RoundSource[], headerRow: number): { row: number; column: ColumnKey | '' } {
  const [, roundIndex, field, index, part, aspectIndex, ...rest] = issue.path.split('.');
  if (roundIndex === undefined) return { row: headerRow, column: '' };
  if (roundIndex === 'weight') return { row: sources[0]?.rows[0] ?? headerRow, column: 'round_weight' };
  const round = sources[Number(roundIndex)];
  if (!round) return { row: headerRow, column: '' };
  const roundCell = (column: ColumnKey) => ({ row: round.valueRows.get(column) ?? round.rows[0]!, column });
  switch (field) {
    case 'code': return roundCell('round_code');
    case 'name': return roundCell('round_name');
    case 'weight': return roundCell('round_weight');
    case 'maxScore': return roundCell('round_max');
    case 'scoring': return roundCell('round_scoring');
    // Aspect codes are unique across the round, so validateRounds numbers them across its criteria.
    case 'aspects': return { row: round.criteria.flatMap((c) => c.aspectRows)[Number(index)] ?? round.rows[0]!, column: 'aspect_code' };
    case 'criteria': {
      const criterion = index === undefined ? undefined : round.criteria[Number(index)];
      if (!criterion) return roundCell('criterion_code');
      if (part === 'code') return { row: criterion.rows[0]!, column: 'criterion_code' };
      if (part === 'name') return { row: criterion.valueRows.get('criterion_name') ?? criterion.rows[0]!, column: 'criterion_name' };
      const row = criterion.aspectRows[Number(aspectIndex)] ?? criterion.rows[0]!;
      const [name, levelIndex] = rest[0] === 'rule' ? rest.slice(1) : rest;
      if (name === 'levels') return { row, column: `level_${Number(levelIndex)}` as ColumnKey };
      return { row, column: aspectFieldColumns[name ?? ''] ?? '' };
    }
    default: return { row: round.rows[0]!, column: '' };
  }
}

const sortErrors = errorSorter(sheetColumns);
