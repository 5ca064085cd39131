/** Room names: the readers of an article, and the home pages watching its comment count. */
export const articleRoom = (articleId: string) => `article:${articleId}`;
export const watchRoom = (articleId: string) => `watch:${articleId}`;

const ARTICLE_PREFIX = 'article:';

/** The article a room name belongs to, when it is an article's reader room. */
export function articleOfRoom(room: string): string | undefined {
  return room.startsWith(ARTICLE_PREFIX) ? room.slice(ARTICLE_PREFIX.length) : undefined;
}
