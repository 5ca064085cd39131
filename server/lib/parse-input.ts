import type { z } from 'zod';
import { errors } from '../../shared/errors';

/**
 * Parses a body, query or socket payload with its zod schema; failures become `validation_failed` with
 * `details.fields` naming each offending field (unknown fields included, by name).
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest('Expected a JSON object.');
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // No prototype: a field named `__proto__` must be reported as such, not swallowed by the setter.
  const fields = Object.create(null) as Record<string, string>;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'is not a known field';
    } else {
      fields[issue.path.join('.') || '(body)'] ??= issue.message;
    }
  }
  throw errors.validationFailed(fields);
}
