// zod schemas for the user-written text fields. Each one normalises first and then checks, so what parses
// is exactly what gets stored and compared (server) or previewed (client).
import { z } from 'zod';
import {
  COMMENT_BODY_MAX,
  DISPLAY_NAME_MAX,
  USERNAME_PATTERN,
  commentBodyProblem,
  normalizeCommentBody,
  normalizeDisplayName,
  normalizeUsername,
  codePointLength,
  hasForbiddenDisplayChars,
} from './text';

/** The username as stored (NFKC); uniqueness uses usernameKey() of this value. */
export const usernameSchema = z
  .string()
  .overwrite(normalizeUsername)
  .regex(USERNAME_PATTERN, 'username must be 3 to 32 of A-Z a-z 0-9 _ -');

export const displayNameSchema = z
  .string()
  .overwrite(normalizeDisplayName)
  .refine((s) => codePointLength(s) >= 1 && codePointLength(s) <= DISPLAY_NAME_MAX, {
    message: `displayName must be 1 to ${DISPLAY_NAME_MAX} characters`,
  })
  .refine((s) => !hasForbiddenDisplayChars(s), {
    message: 'displayName may not contain control, bidirectional or zero-width characters',
  });

const BODY_MESSAGES = {
  empty: 'body must not be empty',
  too_long: `body must be at most ${COMMENT_BODY_MAX} characters`,
  nul_character: 'body may not contain NUL characters',
  lone_surrogate: 'body must be well-formed Unicode',
} as const;

export const commentBodySchema = z
  .string()
  .overwrite(normalizeCommentBody)
  .check((ctx) => {
    const problem = commentBodyProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: BODY_MESSAGES[problem], input: ctx.value });
  });
