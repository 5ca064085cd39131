// The REST client: JSON in and out, the session cookie (same origin) for identity, and the contract's
// error envelope turned into an ApiError whose message is the server's, for a person.
import type { ErrorBody, ErrorCode } from '../../../shared/errors';
import { bearerEnabled, bearerToken } from './bearer';
import { absoluteTime } from './time';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Seconds to wait, for a rate_limited answer. */
  get retryAfter(): number | undefined {
    const value = (this.details as { retryAfter?: unknown } | undefined)?.retryAfter;
    return typeof value === 'number' ? value : undefined;
  }
}

export function apiErrorOf(error: ErrorBody): ApiError {
  return new ApiError(error.code, error.message, error.details);
}

/** What to show beside a form: the server's message, with the wait of a rate limit spelt out. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong; please try again.';
  const wait = err.retryAfter;
  if (err.code === 'rate_limited' && wait !== undefined)
    return `${err.message} You can try again in ${Math.ceil(wait)} s.`;
  // A suspension (contract v2): its end in the reader's own time zone, and the moderator's reason.
  const { suspendedUntil, reason } = (err.details ?? {}) as { suspendedUntil?: unknown; reason?: unknown };
  if (err.code === 'forbidden' && typeof suspendedUntil === 'string')
    return `You are suspended until ${absoluteTime(suspendedUntil)}.${typeof reason === 'string' && reason ? ` Reason: ${reason}` : ''}`;
  return err.message;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = bearerToken();
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    response = await fetch(path, {
      method,
      // In a frame the identity is the token alone, never a cookie (see bearer.ts).
      credentials: bearerEnabled() ? 'omit' : 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 'The server cannot be reached; check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => undefined)) as { error?: ErrorBody } | undefined;
  if (!response.ok) {
    if (payload?.error) throw apiErrorOf(payload.error);
    throw new ApiError(
      response.status >= 500 ? 'unavailable' : 'bad_request',
      `The server answered ${response.status}; please try again.`,
    );
  }
  return payload as T;
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
