/** A MongoDB ObjectId as the API writes it: 24 lower-case hex digits. The one copy of that pattern
 * (no zod here, so the embed loader can use it and stay small). */
export const OBJECT_ID_HEX = '[0-9a-f]{24}';
export const OBJECT_ID_PATTERN = new RegExp(`^${OBJECT_ID_HEX}$`);

export const isObjectIdString = (s: string): boolean => OBJECT_ID_PATTERN.test(s);
