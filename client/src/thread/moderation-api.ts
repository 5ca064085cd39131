// The writes a comment's buttons make besides posting. Their results also arrive as thread events, which
// is what updates the page; the answers here only matter for errors.
import type { PublicComment } from '../../../shared/types';
import { api } from '../lib/api';

const comment = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

export const commentActions = {
  edit: (id: string, body: string) => api<{ comment: PublicComment }>('PATCH', comment(id), { body }),
  remove: (id: string, reason: string) =>
    api<{ comment: PublicComment }>('POST', `${comment(id)}/remove`, reason ? { reason } : {}),
  delete: (id: string) => api<{ comment: PublicComment }>('DELETE', comment(id)),
  restore: (id: string) => api<{ comment: PublicComment }>('POST', `${comment(id)}/restore`),
  report: (id: string, reason: string) => api<void>('POST', `${comment(id)}/report`, { reason }),
  dismissReports: (id: string) => api<void>('POST', `${comment(id)}/reports/dismiss`, {}),
  ban: (userId: string, reason: string, removeComments: boolean) =>
    api<unknown>('POST', `/api/users/${encodeURIComponent(userId)}/ban`, { reason, removeComments }),
  lock: (articleId: string, locked: boolean) =>
    api<unknown>('PATCH', `/api/articles/${encodeURIComponent(articleId)}`, { locked }),
};

/** Authors may edit for 15 minutes after posting (the server checks too). */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;
