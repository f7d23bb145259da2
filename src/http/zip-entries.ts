/**
 * Reading an uploaded zip (an XLSX, an event's transfer file) without trusting it. The central
 * directory is read first (yauzl) and its declared sizes and names checked before anything is
 * inflated; then each entry is inflated with a hard cap on the bytes in all, because a directory
 * may lie about sizes (yauzl also refuses an entry whose bytes differ from what it declares).
 */
import yauzl from 'yauzl';

export type ZipRefusalReason = 'unreadable' | 'tooManyEntries' | 'unpackedTooLarge' | 'unknownEntry';

export class ZipRefused extends Error {
  /** `entry`: the name of the entry refused by `accept`. */
  constructor(readonly reason: ZipRefusalReason, readonly entry = '') {
    super(reason);
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Unpacked bytes in all, declared and inflated. */
  maxUnpackedBytes: number;
  /** Declared unpacked bytes of one entry (default: no limit of its own). */
  maxEntryBytes?: (name: string) => number;
  /** Entries the caller knows (default: any); another is refused before anything is inflated. */
  accept?: (name: string) => boolean;
}

export interface ZipEntry {
  /** As stored (directories end in /). */
  name: string;
  /** The entry's bytes as they inflate, within the limits. */
  chunks: AsyncIterable<Buffer>;
}

/**
 * The zip's entries in directory order, each to be read (or skipped) before the next is asked
 * for. Throws ZipRefused: a damaged or encrypted zip, or one that a limit refuses.
 */
export async function* zipEntries(bytes: Uint8Array, limits: ZipLimits): AsyncGenerator<ZipEntry> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { autoClose: false, validateEntrySizes: true });
  } catch {
    throw new ZipRefused('unreadable');
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipRefused('tooManyEntries');
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      if (limits.accept && !limits.accept(entry.fileName)) throw new ZipRefused('unknownEntry', entry.fileName.slice(0, 100));
      declared += entry.uncompressedSize;
      const most = limits.maxEntryBytes?.(entry.fileName) ?? Infinity;
      if (entry.uncompressedSize > most || declared > limits.maxUnpackedBytes) throw new ZipRefused('unpackedTooLarge');
      entries.push(entry);
    }
    let unpacked = 0;
    for (const entry of entries) {
      const stream = await zip.openReadStreamPromise(entry);
      try {
        yield {
          name: entry.fileName,
          chunks: (async function* () {
            try {
              for await (const chunk of stream as AsyncIterable<Buffer>) {
                unpacked += chunk.byteLength;
                if (unpacked > limits.maxUnpackedBytes) throw new ZipRefused('unpackedTooLarge');
                yield chunk;
              }
            } catch (error) {
              throw error instanceof ZipRefused ? error : new ZipRefused('unreadable');
            }
          })(),
        };
      } finally {
        stream.destroy();
      }
    }
  } catch (error) {
    if (error instanceof ZipRefused) throw error;
    // yauzl's own refusals: a damaged or encrypted zip, an entry longer than it declares.
    throw new ZipRefused('unreadable');
  } finally {
    zip.close();
  }
}
