import { SheetFileError } from '../../src/events/scheme-files.ts';

/** The SheetFileError a spreadsheet read refuses with; anything else fails the test. */
export async function sheetRefusal(promise: Promise<unknown>): Promise<SheetFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SheetFileError) return error;
    throw error;
  }
  throw new Error('expected a SheetFileError');
}
