// zod schemas for the user-written text fields. Each one normalises first and then checks, so what parses
// is exactly what gets stored and compared (server) or previewed (client).
import { z } from 'zod';
import {
  COMMENT_BODY_MAX,
  DISPLAY_NAME_MAX,
  DISPLAY_NAME_MAX_MARKS,
  USERNAME_PATTERN,
  commentBodyProblem,
  displayNameProblem,
  normalizeCommentBody,
  normalizeDisplayName,
  normalizeUsername,
} from './text';

/** The username as stored (NFKC); uniqueness uses usernameKey() of this value. */
export const usernameSchema = z
  .string()
  .overwrite(normalizeUsername)
  .regex(USERNAME_PATTERN, 'username must be 3 to 32 of A-Z a-z 0-9 _ -');

const DISPLAY_NAME_MESSAGES = {
  length: `displayName must be 1 to ${DISPLAY_NAME_MAX} characters`,
  invisible_characters: 'displayName may not contain control, bidirectional, zero-width or other invisible characters',
  too_many_marks: `displayName may have at most ${DISPLAY_NAME_MAX_MARKS} combining marks on one character`,
  nothing_visible: 'displayName must contain a visible character',
} as const;

export const displayNameSchema = z
  .string()
  .overwrite(normalizeDisplayName)
  .check((ctx) => {
    const problem = displayNameProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: DISPLAY_NAME_MESSAGES[problem], input: ctx.value });
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
