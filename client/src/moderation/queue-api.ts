// The moderation routes of contract v2: the queue and its decisions, a user's history, suspensions,
// per-user and per-article pre-moderation, and the site's moderation settings.
import type { PublicComment, PublicUser } from '../../../shared/types';
import { api, query } from '../lib/api';
import type { HistoryPage } from './history-entries';
import type { ArticlePremod, ModerationSettings, QueueItem, QueueKind } from './types';

const comment = (id: string) => `/api/comments/${encodeURIComponent(id)}`;
const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

export const QUEUE_PAGE = 20;

export const queueApi = {
  page: (kind: QueueKind, cursor?: string) =>
    api<QueuePage>('GET', `/api/moderation/queue${query({ kind, limit: QUEUE_PAGE, cursor })}`),
  approve: (id: string) => api<{ comment: PublicComment }>('POST', `${comment(id)}/approve`),
  reject: (id: string, reason: string) =>
    api<{ comment: PublicComment }>('POST', `${comment(id)}/reject`, reason ? { reason } : {}),
  history: (userId: string, cursor?: string) =>
    api<HistoryPage>('GET', `${user(userId)}/history${query({ limit: 20, cursor })}`),
  suspend: (userId: string, until: string, reason: string) =>
    api<{ user: PublicUser }>('POST', `${user(userId)}/suspend`, { until, reason }),
  unsuspend: (userId: string) => api<{ user: PublicUser }>('POST', `${user(userId)}/unsuspend`),
  premod: (userId: string, on: boolean) => api<unknown>('PUT', `${user(userId)}/premod`, { on }),
  settings: () => api<{ settings: ModerationSettings }>('GET', '/api/settings/moderation'),
  saveSettings: (settings: ModerationSettings) =>
    api<{ settings: ModerationSettings }>('PUT', '/api/settings/moderation', settings),
  articlePremod: (articleId: string, premod: ArticlePremod) =>
    api<unknown>('PATCH', `/api/articles/${encodeURIComponent(articleId)}`, { premod }),
};
