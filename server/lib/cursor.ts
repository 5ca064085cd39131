import { Types } from 'mongoose';
import { objectIdString } from '../../shared/schemas';
import { z } from 'zod';
import { errors } from '../../shared/errors';

/** Opaque list cursors: base64url JSON, so clients cannot depend on their shape. */
export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Decodes and checks a cursor; anything this server did not give out is a validation error. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw errors.validationFailed({ cursor: 'is not a cursor this server gave out' });
  return parsed.data;
}

/**
 * Newest-first paging over (a date field, _id), the order of articles, reports and the moderation log:
 * the cursor is the last item's pair, and the next page starts strictly after it.
 */
const newestFirstCursor = z.object({ at: z.iso.datetime(), id: objectIdString });

export function olderThanCursor(field: string, cursor: string | undefined): Record<string, unknown> {
  if (!cursor) return {};
  const c = decodeCursor(cursor, newestFirstCursor);
  const at = new Date(c.at);
  return { $or: [{ [field]: { $lt: at } }, { [field]: at, _id: { $lt: new Types.ObjectId(c.id) } }] };
}

/** The page (at most `limit` of the `limit + 1` fetched) and the cursor after it, or null on the last page. */
export function newestFirstPage<T extends { _id: Types.ObjectId }>(
  docs: T[],
  limit: number,
  dateOf: (d: T) => Date,
): { page: T[]; nextCursor: string | null } {
  const page = docs.slice(0, limit);
  const last = page[page.length - 1];
  return {
    page,
    nextCursor:
      docs.length > limit && last ? encodeCursor({ at: dateOf(last).toISOString(), id: String(last._id) }) : null,
  };
}
