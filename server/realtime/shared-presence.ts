import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { UserRef } from '../../shared/events';

/**
 * An instance whose heartbeat is older than this no longer counts (its readers drop out). Heartbeats are
 * written every second; the TTL plus one sync and the presence throttle stays within the 15 s promised.
 */
const INSTANCE_TTL_S = 10;
/** Keys of articles nobody reads any more go away by themselves. */
const KEY_TTL_S = 60;
const SEQ_TTL_S = 24 * 3600;
const PREFIX = 'live:';

/** What the other instances add to an article's presence. */
export interface RemotePresence {
  /** Readers on the other live instances. */
  readers: number;
  /** Typing users on every instance (marks not yet expired). */
  typing: UserRef[];
  lastSeq: number;
}

export interface SharedPresence {
  typing(articleId: string, user: UserRef, until: number): void;
  stoppedTyping(articleId: string, userId: string): void;
  /** An event of the article went out from this instance (written at the next sync). */
  noteLastSeq(articleId: string, seq: number): void;
  /**
   * Writes this instance's readers per article (0 removes it) and the heartbeat, and reads what every
   * instance says about the articles read here. Rejects while Redis is away.
   */
  sync(localReaders: Map<string, number>): Promise<Map<string, RemotePresence>>;
  close(): void;
}

// SET the key to ARGV[1] unless it already holds a greater number.
const MAX_SCRIPT = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 0`;

const readersKey = (articleId: string) => `${PREFIX}presence:${articleId}`;
const typingKey = (articleId: string) => `${PREFIX}typing:${articleId}`;
const seqKey = (articleId: string) => `${PREFIX}seq:${articleId}`;
const instanceKey = (instanceId: string) => `${PREFIX}instances:${instanceId}`;

/**
 * Presence across instances through Redis: each instance keeps its own readers per article in a hash
 * (field = instance id) next to a heartbeat key that expires; typing marks live in a hash with their end
 * time; lastSeq is the greatest seq any instance broadcast. The work runs once per sync (a second), for
 * the articles read on this instance, whatever the event rate.
 */
export function createSharedPresence(redis: Redis, now: () => number = Date.now): SharedPresence {
  const instanceId = randomUUID();
  const pendingSeq = new Map<string, number>();
  const reported = new Set<string>();
  const ignore = () => undefined;

  return {
    typing(articleId, user, until) {
      redis
        .multi()
        .hset(typingKey(articleId), user.id, JSON.stringify({ user, until }))
        .expire(typingKey(articleId), KEY_TTL_S)
        .exec()
        .catch(ignore);
    },
    stoppedTyping(articleId, userId) {
      redis.hdel(typingKey(articleId), userId).catch(ignore);
    },
    noteLastSeq(articleId, seq) {
      pendingSeq.set(articleId, Math.max(pendingSeq.get(articleId) ?? 0, seq));
    },
    async sync(localReaders) {
      const seqs = [...pendingSeq];
      pendingSeq.clear();
      const write = redis.pipeline().set(instanceKey(instanceId), '1', 'EX', INSTANCE_TTL_S);
      for (const [articleId, seq] of seqs) write.eval(MAX_SCRIPT, 1, seqKey(articleId), seq, SEQ_TTL_S);
      for (const articleId of reported) if (!localReaders.has(articleId)) write.hdel(readersKey(articleId), instanceId);
      reported.clear();
      const read = [...localReaders];
      for (const [articleId, readers] of read) {
        reported.add(articleId);
        write.hset(readersKey(articleId), instanceId, readers).expire(readersKey(articleId), KEY_TTL_S);
      }
      for (const [articleId] of read)
        write.hgetall(readersKey(articleId)).hgetall(typingKey(articleId)).get(seqKey(articleId));
      const results = await write.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) {
        // Written again at the next sync.
        for (const [articleId, seq] of seqs) this.noteLastSeq(articleId, seq);
        throw failed?.[0] ?? new Error('Redis pipeline aborted');
      }
      const answers = results.slice(results.length - read.length * 3).map(([, value]) => value);
      const perArticle = read.map(([articleId], i) => ({
        articleId,
        readers: (answers[i * 3] ?? {}) as Record<string, string>,
        typing: (answers[i * 3 + 1] ?? {}) as Record<string, string>,
        seq: Number(answers[i * 3 + 2] ?? 0),
      }));
      const others = [...new Set(perArticle.flatMap((a) => Object.keys(a.readers)))].filter((id) => id !== instanceId);
      const alive = new Set<string>();
      if (others.length > 0) {
        const beats = await redis.mget(others.map(instanceKey));
        others.forEach((id, i) => beats[i] !== null && alive.add(id));
      }
      const t = now();
      const remote = new Map<string, RemotePresence>();
      for (const a of perArticle) {
        const readers = Object.entries(a.readers).reduce((sum, [id, n]) => sum + (alive.has(id) ? Number(n) : 0), 0);
        const typing = Object.values(a.typing)
          .map((raw) => JSON.parse(raw) as { user: UserRef; until: number })
          .filter((mark) => mark.until > t)
          .map((mark) => mark.user);
        remote.set(a.articleId, { readers, typing, lastSeq: a.seq });
      }
      return remote;
    },
    close() {
      const clean = redis.pipeline().del(instanceKey(instanceId));
      for (const articleId of reported) clean.hdel(readersKey(articleId), instanceId);
      clean.exec().catch(ignore);
    },
  };
}
