/**
 * The contract's error codes, their HTTP statuses and the envelope every 4xx/5xx answer carries
 * (`{ error: { code, message, details? } }`). Shared by the server (HTTP middleware, socket acks) and the
 * client, so this file must stay free of Node-only imports.
 */

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  code: ErrorCode;
  /** For a person; never a stack trace or a query. */
  message: string;
  details?: unknown;
}

export interface ErrorEnvelope {
  error: ErrorBody;
}

/** `details` of a validation_failed error: each offending field (a dotted path) with what is wrong with it. */
export interface ValidationDetails {
  fields: Record<string, string>;
}

/** The one error type the server throws on purpose; the HTTP middleware and socket acks turn it into the envelope. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toEnvelope(): ErrorEnvelope {
    const error: ErrorBody = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/** Factories for the common cases, so call sites read as what happened rather than as status codes. */
export const errors = {
  validationFailed: (fields: Record<string, string>, message = 'Some fields are not valid.') =>
    new AppError('validation_failed', message, { fields } satisfies ValidationDetails),
  badRequest: (message: string) => new AppError('bad_request', message),
  unauthenticated: (message = 'You need to sign in.') => new AppError('unauthenticated', message),
  forbidden: (message = 'You are not allowed to do this.', details?: unknown) =>
    new AppError('forbidden', message, details),
  notFound: (message = 'Not found.') => new AppError('not_found', message),
  conflict: (message: string, details?: unknown) => new AppError('conflict', message, details),
  payloadTooLarge: (message = 'The request body is too large.') => new AppError('payload_too_large', message),
  /** `retryAfterSeconds` goes into `details.retryAfter`; the HTTP layer also sends it as `Retry-After`. */
  rateLimited: (retryAfterSeconds: number, message = 'Too many requests; try again later.') =>
    new AppError('rate_limited', message, { retryAfter: retryAfterSeconds }),
  /** `services` names what is down (e.g. "MongoDB"), so an operator reading the answer knows where to look. */
  /**
   * The server refuses work it could not finish in time (too many heavy reads at once); nothing is down.
   * `retryAfterSeconds` goes into `details.retryAfter` and, over HTTP, `Retry-After`.
   */
  busy: (retryAfterSeconds: number) =>
    new AppError('unavailable', 'The server is busy; try again in a moment.', {
      services: [],
      retryAfter: retryAfterSeconds,
    }),
  unavailable: (
    services: string[],
    message = `${services.join(' and ')} ${services.length > 1 ? 'are' : 'is'} not available; try again later.`,
  ) => new AppError('unavailable', message, { services }),
  internal: () => new AppError('internal', 'Something went wrong on our side.'),
};
