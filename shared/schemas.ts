// The contract's request shapes, checked the same way by the server (REST and sockets) and the client.
// Objects are strict: an unknown field is a validation error naming it (no mass assignment).
import { z } from 'zod';
import { commentBodySchema, displayNameSchema, usernameSchema } from './text-schemas';
import { OBJECT_ID_PATTERN } from './ids';
import { PASSWORD_MAX, PASSWORD_MIN } from './text';

/** An id field of a request body or a paging cursor. */
export const objectIdString = z.string().regex(OBJECT_ID_PATTERN, 'must be an id');

const trimmed = (max: number) => z.string().trim().min(1).max(max);
/** A list's `limit`: 1 to max, from a query string. */
const limit = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max))
    .optional()
    .transform((n) => n ?? fallback);
const cursor = z.string().min(1).max(500).optional();

/** The password rules (contract: 8 to 128 characters), for registration and for a change. */
const newPassword = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const registerBody = z.strictObject({
  username: usernameSchema,
  password: newPassword,
  displayName: displayNameSchema.optional(),
});

export const changePasswordBody = z.strictObject({ current: z.string().min(1).max(128), next: newPassword });

export const deleteAccountBody = z.strictObject({ password: z.string().min(1).max(128) });

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});

/** An SSO token (a compact JWT); the bound keeps a pasted novel from reaching the verifier. */
export const ssoBody = z.strictObject({ token: z.string().min(1).max(8192) });

export const userCommentsQuery = z.strictObject({ limit: limit(100, 20), cursor });

export const roleBody = z.strictObject({ role: z.enum(['member', 'moderator', 'admin']) });

export const usersQuery = z.strictObject({
  query: z.string().max(32).optional(),
  limit: limit(100, 20),
  cursor,
});

/** The host's own id of an article (embedding): 1 to 128 of A-Z a-z 0-9 _ . : - */
export const externalIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1 to 128 of A-Z a-z 0-9 _ . : -');
/** An absolute http(s) URL (the server stores it normalised, see server/articles/article-url.ts). */
export const pageUrlSchema = z
  .string()
  .max(2000)
  .refine((s) => /^https?:\/\/[^/?#\s]+/i.test(s.trim()) && URL.canParse(s.trim()), 'must be an absolute http(s) URL');

export const createArticleBody = z.strictObject({
  title: trimmed(200),
  // Optional for an article made in advance for a host page (its text lives there).
  body: commentBodySchema.optional(),
  summary: z.string().trim().max(500).optional(),
  slug: z.string().optional(),
  url: pageUrlSchema.optional(),
  externalId: externalIdSchema.optional(),
});

export const embedArticleBody = z.strictObject({
  url: pageUrlSchema,
  externalId: externalIdSchema.optional(),
  title: trimmed(200),
});

export const lookupQuery = z
  .strictObject({ url: pageUrlSchema.optional(), externalId: externalIdSchema.optional() })
  .refine((q) => q.url !== undefined || q.externalId !== undefined, {
    message: 'give url or externalId',
    path: ['url'],
  });

export const updateArticleBody = z.strictObject({
  title: trimmed(200).optional(),
  summary: z.string().trim().max(500).optional(),
  body: commentBodySchema.optional(),
  locked: z.boolean().optional(),
  /** Pre-moderation of this thread: `inherit` follows the site's setting. */
  premod: z.enum(['inherit', 'off', 'all']).optional(),
});

export const articlesQuery = z.strictObject({ limit: limit(100, 20), cursor });

export const clientIdSchema = z.string().min(1).max(64);

export const postCommentBody = z.strictObject({
  body: commentBodySchema,
  parentId: objectIdString.nullable().optional(),
  quoteId: objectIdString.nullable().optional(),
  clientId: clientIdSchema.optional(),
});

export const editCommentBody = z.strictObject({ body: commentBodySchema });

export const commentsQuery = z.strictObject({
  limit: limit(100, 50),
  cursor,
  sort: z
    .enum(['oldest', 'newest', 'top', 'replies'])
    .optional()
    .transform((s) => s ?? 'oldest'),
  around: objectIdString.optional(),
});

export const eventsQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .optional()
    .transform((n) => n ?? 0),
  limit: limit(500, 500),
});

export const reasonBody = z.strictObject({ reason: trimmed(500).optional() });
export const reportBody = z.strictObject({ reason: trimmed(500) });
export const banBody = z.strictObject({ reason: trimmed(500), removeComments: z.boolean().optional() });

export const reportsQuery = z.strictObject({
  status: z
    .enum(['open', 'closed'])
    .optional()
    .transform((s) => s ?? 'open'),
  limit: limit(100, 20),
  cursor,
});

export const logQuery = z.strictObject({ limit: limit(100, 50), cursor });

/** What the site holds for review (api.md "Pre-moderation"); `PUT /api/settings/moderation` changes any of it. */
export const moderationSettingsSchema = z.strictObject({
  premod: z.enum(['off', 'all', 'new-users']),
  premodFirst: z.number().int().min(1).max(1000),
  holdLinks: z.boolean(),
  suspectWords: z.array(z.string().trim().min(1).max(100)).max(500),
});
export const moderationSettingsBody = moderationSettingsSchema.partial();

export const queueQuery = z.strictObject({ kind: z.enum(['pending', 'reported']), limit: limit(100, 20), cursor });
export const historyQuery = z.strictObject({ limit: limit(100, 20), cursor });
export const userPremodBody = z.strictObject({ on: z.boolean() });
export const suspendBody = z.strictObject({ until: z.iso.datetime({ offset: true }), reason: trimmed(500) });

/** Socket.IO payloads (the live layer) reuse the same field rules. */
export const joinPayload = z.strictObject({
  articleId: objectIdString,
  afterSeq: z.number().int().min(0).optional(),
  /** `article:events` batches instead of single `article:event`s (api.md "Hot threads"). */
  batch: z.boolean().optional(),
});
export const articleRefPayload = z.strictObject({ articleId: objectIdString });
export const watchPayload = z.strictObject({ articleIds: z.array(objectIdString).max(100) });
export const postCommentPayload = postCommentBody.extend({ articleId: objectIdString });

export const notificationsQuery = z.strictObject({ limit: limit(100, 20), cursor });

/** `{ ids }` (1 to 100 of the caller's notifications) or `{ all: true }`. */
export const readNotificationsBody = z
  .strictObject({ ids: z.array(objectIdString).min(1).max(100).optional(), all: z.literal(true).optional() })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: 'give ids or all: true', path: ['ids'] });

/** PATCH /api/auth/me: `email: null` removes the address. */
export const updateMeBody = z.strictObject({
  displayName: displayNameSchema.optional(),
  email: z.string().trim().pipe(z.email('must be an email address').max(254)).nullable().optional(),
  emailNotifications: z.enum(['off', 'replies']).optional(),
});

export const passwordResetBody = z.strictObject({ username: z.string().min(1).max(64) });

export const passwordResetConfirmBody = z.strictObject({ token: z.string().min(1).max(200), password: newPassword });
