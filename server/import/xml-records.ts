import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import { ImportInputError } from './types';

/** A record element of an export (a Disqus <post>, a WXR <item>), with the text of the fields asked for. */
export interface XmlRecord {
  kind: string;
  /** Text by path relative to the record (`author/name`), attributes as `path@attr` (`thread@dsq:id`). */
  fields: Map<string, string>;
  /** Line of the record's start tag. */
  line: number;
}

export interface RecordSpec {
  /** The record kind for an element path such as `rss/channel/item`, or null. */
  recordAt(path: string): string | null;
  /** Whether a field of a record of `kind` is kept (everything else is skipped, which bounds memory). */
  keeps(kind: string, field: string): boolean;
}

/** A single field longer than this is a fault in the file, not a comment (a comment is ≤ 10,000 code points). */
export const MAX_FIELD_CHARS = 1_000_000;

/**
 * Streams an XML file through saxes (which checks well-formedness: a truncated file, a stray `&` or an
 * unknown entity is an error with its line), handing each record to `onRecord` when its end tag is read;
 * a record nested in others (a WXR comment in its item) gets those, still open, with it. After each
 * chunk `drain` is awaited, so the reader waits while the caller writes: memory stays bounded.
 */
export async function readXmlRecords(
  file: string,
  spec: RecordSpec,
  handlers: {
    /** `open`: the records still open around it, outermost first (a WXR comment's channel and item). */
    onRecord(record: XmlRecord, open: readonly XmlRecord[]): void;
    drain(): Promise<void>;
    onProgress(bytesRead: number, totalBytes: number): void;
  },
): Promise<void> {
  const total = (await stat(file)).size;
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  const open: { record: XmlRecord; depth: number }[] = [];
  let error: Error | undefined;
  parser.on('error', (err) => {
    error ??= err;
  });
  // The file is read as UTF-8, which Disqus and WordPress write; another declared encoding would be misread.
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      error ??= new ImportInputError([
        `line 1: the file is in ${decl.encoding}; only UTF-8 is read (convert it first)`,
      ]);
    }
  });
  parser.on('opentag', (tag) => {
    path.push(tag.name);
    const kind = spec.recordAt(path.join('/'));
    if (kind) open.push({ record: { kind, fields: new Map(), line: parser.line }, depth: path.length });
    const current = open[open.length - 1];
    if (!current) return;
    const rel = path.slice(current.depth).join('/');
    for (const [attr, value] of Object.entries(tag.attributes)) {
      const field = `${rel}@${attr}`;
      if (spec.keeps(current.record.kind, field)) current.record.fields.set(field, String(value));
    }
  });
  const onText = (text: string) => {
    const current = open[open.length - 1];
    if (!current) return;
    const rel = path.slice(current.depth).join('/');
    if (!spec.keeps(current.record.kind, rel)) return;
    const value = (current.record.fields.get(rel) ?? '') + text;
    if (value.length > MAX_FIELD_CHARS) {
      error ??= new Error(`${parser.line}: <${path[path.length - 1]}> is longer than ${MAX_FIELD_CHARS} characters`);
      return;
    }
    current.record.fields.set(rel, value);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const current = open[open.length - 1];
    if (current && current.depth === path.length) {
      open.pop();
      handlers.onRecord(
        current.record,
        open.map((o) => o.record),
      );
    }
    path.pop();
  });

  let read = 0;
  // A read stream decoding UTF-8 across chunk boundaries (XML exports are UTF-8).
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    read += Buffer.byteLength(chunk as string);
    parser.write(chunk as string);
    if (error) throw error;
    await handlers.drain();
    handlers.onProgress(Math.min(read, total), total);
  }
  parser.close();
  if (error) throw error;
}
