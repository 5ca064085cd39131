import type { RealtimeServer } from './types';

/** Room names: the readers of an article, and the home pages watching its comment count. */
export const articleRoom = (articleId: string) => `article:${articleId}`;
export const watchRoom = (articleId: string) => `watch:${articleId}`;
/**
 * The readers of an article that joined with `batch: true`: in its reader room too (presence counts and
 * reaches them there), but its single events skip them; each instance sends them its own batches.
 */
export const batchRoom = (articleId: string) => `batch:${articleId}`;

/** The moderators' live queue (`moderation:join`): one room across every instance. */
export const MODERATION_ROOM = 'moderation';
/** A moderator's sockets in the queue, so a demotion can take them out of it on every instance. */
export const moderatorRoom = (userId: string) => `moderator:${userId}`;
/** Every signed-in socket of a user, on every instance: where their notifications go. */
export const userRoom = (userId: string) => `user:${userId}`;

const ARTICLE_PREFIX = 'article:';

/** The article a room name belongs to, when it is an article's reader room. */
export function articleOfRoom(room: string): string | undefined {
  return room.startsWith(ARTICLE_PREFIX) ? room.slice(ARTICLE_PREFIX.length) : undefined;
}

/** The articles that sockets of this instance joined, with how many of them each. */
export function articlesReadHere(io: RealtimeServer): Map<string, number> {
  const readers = new Map<string, number>();
  for (const [room, sockets] of io.of('/').adapter.rooms) {
    const articleId = articleOfRoom(room);
    if (articleId && sockets.size > 0) readers.set(articleId, sockets.size);
  }
  return readers;
}
