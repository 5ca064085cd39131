import { z } from 'zod';

/** A MongoDB ObjectId as the API writes it: 24 lower-case hex digits. The one copy of that pattern. */
export const OBJECT_ID_HEX = '[0-9a-f]{24}';
export const OBJECT_ID_PATTERN = new RegExp(`^${OBJECT_ID_HEX}$`);

export const isObjectIdString = (s: string): boolean => OBJECT_ID_PATTERN.test(s);

/** An id field of a request body or a paging cursor. */
export const objectIdString = z.string().regex(OBJECT_ID_PATTERN, 'must be an id');
