import { appendFileSync, copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDocument } from '../../../server/embedded-mongo/engine/values';
import { encodeFrames } from '../../../server/embedded-mongo/storage/record-codec';
import { docsOf, fileStorage, frameOffsets, journalPath, put, reopen, useTempDir } from './helpers';

const tempDir = useTempDir();

/** Writes one batch per entry of `batches` (each a list of ids) and closes; returns the journal's path. */
async function writeBatches(batches: number[][]): Promise<string> {
  const { storage } = fileStorage(tempDir());
  await storage.open();
  for (const ids of batches) await storage.append(ids.map((id) => put({ _id: id })));
  await storage.close();
  return journalPath(tempDir());
}

function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0xff;
  writeFileSync(path, bytes);
}

const ids = (state: Awaited<ReturnType<typeof reopen>>['state']): unknown[] => docsOf(state).map((d) => d._id);

describe('recovery of a torn tail', () => {
  const tornTails: [string, (path: string) => void][] = [
    [
      'a record whose declared length runs past the end',
      (p) => appendFileSync(p, Buffer.from([0, 2, 0, 0, 1, 2, 3, 4, 5, 6])),
    ],
    ['a zero-filled tail', (p) => appendFileSync(p, Buffer.alloc(4096))],
    ['a few bytes of a header', (p) => appendFileSync(p, Buffer.from([7, 0, 0]))],
  ];

  it.each(tornTails)('drops %s with a warning and cuts the file back', async (_what, damage) => {
    const path = await writeBatches([[0], [1], [2]]);
    const goodSize = statSync(path).size;
    damage(path);

    const { state, logs } = await reopen(tempDir());
    expect(ids(state)).toEqual([0, 1, 2]);
    expect(
      logs
        .filter((l) => l.level === 'warn')
        .map((l) => l.message)
        .join(),
    ).toMatch(/journal-000001\.log.*offset \d+/);
    expect(statSync(path).size).toBe(goodSize);
  });

  it('drops a final record with a bad checksum, then appends after it', async () => {
    const path = await writeBatches([[0], [1], [2]]);
    const last = frameOffsets(path).at(-1) ?? -1;
    flipByte(path, last + 20);

    const first = await reopen(tempDir());
    expect(ids(first.state)).toEqual([0, 1]);
    expect(first.logs.some((l) => l.level === 'warn' && l.message.includes(`offset ${last}`))).toBe(true);
    expect(statSync(path).size).toBe(last);

    const { storage } = fileStorage(tempDir());
    await storage.open();
    await storage.append([put({ _id: 3 })]);
    await storage.close();
    const second = await reopen(tempDir());
    expect(ids(second.state)).toEqual([0, 1, 3]);
    expect(second.logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('drops the whole last batch when its pages reached the disk out of order', async () => {
    // The last write held records 2, 3 and 4; record 3 never made it, record 4 did.
    const path = await writeBatches([[0], [1], [2, 3, 4]]);
    const offsets = frameOffsets(path);
    const [third, fourth] = [offsets[3] ?? -1, offsets[4] ?? -1];
    const bytes = readFileSync(path);
    bytes.fill(0, third, fourth);
    writeFileSync(path, bytes);

    const { state } = await reopen(tempDir());
    expect(ids(state)).toEqual([0, 1, 2]);
    expect(statSync(path).size).toBe(third);
  });
});

describe('recovery refuses damaged data', () => {
  it('refuses a bad record in the middle of the journal and leaves the file alone', async () => {
    const path = await writeBatches([[0], [1], [2]]);
    const middle = frameOffsets(path)[1] ?? -1;
    flipByte(path, middle + 20);
    const before = readFileSync(path);

    await expect(reopen(tempDir())).rejects.toThrow(
      new RegExp(`journal-000001\\.log is damaged at offset ${middle} \\(checksum mismatch\\)`),
    );
    expect(readFileSync(path)).toEqual(before);
  });

  it('refuses damage in an earlier batch even when later batches are intact', async () => {
    // Record 1 opens the second of three batches; the third batch proves the second was acknowledged.
    const path = await writeBatches([[0], [1, 2], [3]]);
    const second = frameOffsets(path)[1] ?? -1;
    const bytes = readFileSync(path);
    bytes.fill(0, second, second + 12);
    writeFileSync(path, bytes);
    await expect(reopen(tempDir())).rejects.toThrow(`journal-000001.log is damaged at offset ${second}`);
  });

  it('refuses a torn end in a journal that is not the last', async () => {
    const path = await writeBatches([[0], [1]]);
    copyFileSync(path, journalPath(tempDir(), 2));
    truncateSync(path, statSync(path).size - 3);
    await expect(reopen(tempDir())).rejects.toThrow(/journal-000001\.log is damaged at offset \d+/);
  });

  it('refuses a final record that is intact but not a journal record', async () => {
    const path = await writeBatches([[0]]);
    appendFileSync(path, encodeFrames([encodeDocument({ b: statSync(path).size, r: { notARecord: true } })]));
    await expect(reopen(tempDir())).rejects.toThrow(/journal-000001\.log is damaged at offset \d+ \(unreadable record/);
  });

  it('refuses a damaged snapshot', async () => {
    const { storage } = fileStorage(tempDir(), {
      compactOnCloseAfterBytes: 1,
      captureState: () => [
        { name: 'test', collections: [{ name: 'c', options: {}, indexes: [], docs: [{ _id: 0 }, { _id: 1 }] }] },
      ],
    });
    await storage.open();
    await storage.append([put({ _id: 0 }), put({ _id: 1 })]);
    await storage.close();
    const snapshot = join(tempDir(), 'snapshot-000002.bson');
    const second = frameOffsets(snapshot)[2] ?? -1;
    flipByte(snapshot, second + 12);
    await expect(reopen(tempDir())).rejects.toThrow(`snapshot-000002.bson is damaged at offset ${second}`);
  });

  it('refuses a snapshot cut short', async () => {
    const { storage } = fileStorage(tempDir(), {
      compactOnCloseAfterBytes: 1,
      captureState: () => [
        { name: 'test', collections: [{ name: 'c', options: {}, indexes: [], docs: [{ _id: 0 }] }] },
      ],
    });
    await storage.open();
    await storage.append([put({ _id: 0 })]);
    await storage.close();
    const snapshot = join(tempDir(), 'snapshot-000002.bson');
    truncateSync(snapshot, frameOffsets(snapshot).at(-1));
    await expect(reopen(tempDir())).rejects.toThrow(/snapshot-000002\.bson is damaged .*incomplete/);
  });

  it('refuses a directory with a journal missing', async () => {
    const path = await writeBatches([[0]]);
    copyFileSync(path, journalPath(tempDir(), 3));
    await expect(reopen(tempDir())).rejects.toThrow(/journal-000002\.log is missing/);
  });
});
