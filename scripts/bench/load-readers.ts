/**
 * A load process: many socket.io-client readers (websocket only, one connection each) on one server,
 * joined to one article, recording when each event reaches each of them. Forked by the orchestrator and
 * driven over IPC (see protocol.ts). Latency is computed here, from the send time in the post's body.
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import type { PublicEvent } from '../../shared/types';
import {
  type Collected,
  type LoadCommand,
  type LoadReply,
  nowMs,
  parsePostBody,
  postKey,
  removalKey,
  type Target,
} from './protocol';

/** Handshakes in flight at once: enough to connect thousands in seconds without a storm of timeouts. */
const CONNECT_CONCURRENCY = 100;
const CONNECT_TIMEOUT_MS = 60_000;

interface Receipts {
  /** From the body of a post; removals get theirs from the orchestrator. */
  sentAt?: number;
  times: number[];
}

let readers: Socket[] = [];
let receipts = new Map<string, Receipts>();
let disconnected = 0;
/** Frames other than events (the app's presence), counted to show what the fan-out carries besides posts. */
let presenceFrames = 0;

const send = (reply: LoadReply) => process.send?.(reply);

function record(event: PublicEvent): void {
  const at = nowMs();
  let key: string | undefined;
  let sentAt: number | undefined;
  if (event.type === 'comment.created' && event.comment) {
    const parsed = parsePostBody(event.comment.body);
    if (parsed) {
      sentAt = parsed.sentAt;
      key = postKey(parsed.token);
    }
  } else if (event.type === 'comment.removed' && event.comment) {
    key = removalKey(event.comment.id);
  }
  if (!key) return;
  const entry = receipts.get(key) ?? { sentAt, times: [] };
  receipts.set(key, entry);
  entry.times.push(at);
}

/** One reader: connected, joined (app: `article:join`, batched or not; baseline: `join`), listening. */
function openReader(target: Target, url: string, articleId: string, batch: boolean, browser: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectClient(url, {
      // A browser's socket.io-client starts with long-polling and upgrades; the bench's own readers go
      // straight to websocket unless asked to connect as browsers do.
      transports: browser ? ['polling', 'websocket'] : ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const fail = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', fail);
    socket.once('connect', () => {
      socket.on('article:event', record);
      // A batch is timed per event it carries: each event's receipt is the batch's.
      socket.on('article:events', ({ events }: { events: PublicEvent[] }) => events.forEach(record));
      socket.on('presence', () => (presenceFrames += 1));
      socket.once('disconnect', () => (disconnected += 1));
      const join = target === 'app' ? 'article:join' : 'join';
      socket
        .timeout(CONNECT_TIMEOUT_MS)
        .emit(
          join,
          batch ? { articleId, batch } : { articleId },
          (err: Error | null, answer: { ok: boolean; error?: { message: string } }) => {
            if (err) return fail(err);
            if (!answer.ok) return fail(new Error(`${join} refused: ${answer.error?.message ?? 'no reason'}`));
            resolve(socket);
          },
        );
    });
  });
}

async function connect(cmd: Extract<LoadCommand, { type: 'connect' }>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < cmd.count) {
      next += 1;
      readers.push(await openReader(cmd.target, cmd.url, cmd.articleId, cmd.batch, cmd.browser));
      if (readers.length % 100 === 0) send({ type: 'progress', connected: readers.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, cmd.count) }, worker));
  return readers.length;
}

async function collect(cmd: Extract<LoadCommand, { type: 'collect' }>): Promise<Collected> {
  const expected = readers.length - disconnected;
  const complete = () => cmd.keys.every(({ key }) => (receipts.get(key)?.times.length ?? 0) >= expected);
  const deadline = Date.now() + cmd.waitMs;
  while (!complete() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  const latencies: number[] = [];
  const lastByKey: Record<string, number> = {};
  const firstByKey: Record<string, number> = {};
  let missing = 0;
  for (const { key, sentAt: given } of cmd.keys) {
    const entry = receipts.get(key);
    const sentAt = given ?? entry?.sentAt;
    missing += Math.max(0, readers.length - (entry?.times.length ?? 0));
    if (!entry || sentAt === undefined) continue;
    let [first, last] = [Infinity, -Infinity];
    for (const t of entry.times) {
      latencies.push(t - sentAt);
      first = Math.min(first, t - sentAt);
      last = Math.max(last, t - sentAt);
    }
    firstByKey[key] = first;
    lastByKey[key] = last;
  }
  const result = { latencies: Float64Array.from(latencies), missing, lastByKey, firstByKey, presenceFrames };
  receipts = new Map();
  presenceFrames = 0;
  return result;
}

function disconnectAll(): void {
  for (const socket of readers) {
    // Closing on purpose is not a lost reader.
    socket.removeAllListeners('disconnect');
    socket.close();
  }
  readers = [];
  receipts = new Map();
  disconnected = 0;
  presenceFrames = 0;
}

process.on('message', (cmd: LoadCommand) => {
  const run = async (): Promise<LoadReply> => {
    switch (cmd.type) {
      case 'connect':
        return { type: 'connected', id: cmd.id, connected: await connect(cmd) };
      case 'collect':
        return { type: 'collected', id: cmd.id, result: await collect(cmd), disconnected };
      case 'disconnect':
        disconnectAll();
        return { type: 'disconnected', id: cmd.id };
    }
  };
  run().then(send, (err: unknown) =>
    send({ type: 'failed', id: cmd.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
// The orchestrator is gone: so is the load.
process.on('disconnect', () => process.exit(0));
