import type { z } from 'zod';
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
