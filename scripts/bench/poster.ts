/**
 * The writer: one socket.io-client connection that posts comments into the article and times each
 * acknowledgement. App: `comment:post` as a signed-in member (durable before the ack); baseline: `post`.
 * Every body carries its send time (protocol.ts) so each reader can time its own receipt.
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import { nowMs, postBody, type Target } from './protocol';

const ACK_TIMEOUT_MS = 30_000;
/** As the readers': a shared machine can take its time over a handshake. */
const CONNECT_TIMEOUT_MS = 60_000;

export interface Posted {
  token: string;
  commentId: string;
  sentAt: number;
  ackMs: number;
}

export interface Poster {
  post(token: string): Promise<Posted>;
  close(): void;
}

export async function openPoster(target: Target, url: string, articleId: string, authToken?: string): Promise<Poster> {
  const socket: Socket = connectClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
    ...(authToken ? { auth: { token: authToken } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const event = target === 'app' ? 'comment:post' : 'post';
  return {
    post: (token) =>
      new Promise((resolve, reject) => {
        const sentAt = nowMs();
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emit(
            event,
            { articleId, body: postBody(token, sentAt) },
            (err: Error | null, answer: { ok: boolean; comment?: { id: string }; error?: { message: string } }) => {
              const ackMs = nowMs() - sentAt;
              if (err) return reject(err);
              if (!answer.ok || !answer.comment)
                return reject(new Error(`${event} refused: ${answer.error?.message ?? 'no comment'}`));
              resolve({ token, commentId: answer.comment.id, sentAt, ackMs });
            },
          );
      }),
    close: () => socket.close(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `count` posts at `perSecond`, each sent on its own schedule (an open loop: a slow answer does not
 * delay the next post, as with many independent writers).
 */
export async function postSteadily(
  poster: Poster,
  tokens: string[],
  perSecond: number,
  onPosted?: (n: number) => void,
): Promise<Posted[]> {
  const interval = 1000 / perSecond;
  const started = performance.now();
  const pending: Promise<Posted>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(poster.post(tokens[i]!).then((p) => (onPosted?.(i + 1), p)));
  }
  return Promise.all(pending);
}

/**
 * Posts that are not measured, one after another, before a measured phase: both targets meet the phase
 * with their post path compiled (V8's JIT) and their connections open, so the first measured posts do
 * not pay for that. Their deliveries are dropped by the next `collectReceipts` (they have other tokens).
 */
export async function warmUp(poster: Poster, prefix: string, count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await poster.post(`${prefix}-warm-${i}`);
  await sleep(500);
}

/**
 * Requests one socket of the app may have worked on at once (RUNNING_PER_SOCKET in
 * server/realtime/socket-gate.ts; the bench does not import the server): more writers than this on one
 * socket would wait on the app's gate, which bare Socket.IO does not have.
 */
export const WRITERS_PER_SOCKET = 8;

/**
 * As fast as the servers answer: `concurrency` writers, each posting again as soon as it is acknowledged,
 * dealt round-robin over `posters` (so that no socket has more than WRITERS_PER_SOCKET in flight).
 */
export async function postFlatOut(posters: Poster[], tokens: string[], concurrency: number): Promise<Posted[]> {
  const done: Posted[] = [];
  let next = 0;
  const writer = async (poster: Poster) => {
    while (next < tokens.length) {
      const token = tokens[next]!;
      next += 1;
      done.push(await poster.post(token));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => writer(posters[i % posters.length]!)));
  return done;
}

/**
 * `tokens` at `perSecond` in all, the posts dealt round-robin to `posters` (an open loop, as with
 * independent writers). A post that is refused or times out is counted by its reason, not thrown: under a
 * hot thread, "every post acknowledged" is one of the figures.
 */
export async function postAtRate(
  posters: Poster[],
  tokens: string[],
  perSecond: number,
  onPosted?: (n: number) => void,
): Promise<{ posted: Posted[]; failed: Record<string, number> }> {
  const interval = 1000 / perSecond;
  const started = performance.now();
  const posted: Posted[] = [];
  const failed: Record<string, number> = {};
  const pending: Promise<void>[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const wait = started + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      posters[i % posters.length]!.post(tokens[i]!).then(
        (p) => {
          posted.push(p);
          onPosted?.(posted.length);
        },
        (err: unknown) => {
          const reason = err instanceof Error ? err.message : String(err);
          failed[reason] = (failed[reason] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { posted, failed };
}
