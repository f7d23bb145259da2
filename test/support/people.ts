import { checkCharacter } from '../../src/domain/id-number.ts';

/** A valid mainland ID number (Zhoushan Dinghai, 330902) for a birth date and sequence; odd sequence = male. */
export function idNumber(birth: string, sequence: number): string {
  const first17 = `330902${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
