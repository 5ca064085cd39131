import { MongoCommandError } from '../../../server/embedded-mongo/errors';

/** Asserts that `fn` throws a MongoCommandError with this code name and message (exact, or a pattern). */
export function expectMongoError(fn: () => unknown, codeName: string, message: string | RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MongoCommandError);
  const error = caught as MongoCommandError;
  expect({ codeName: error.codeName, message: error.message }).toEqual({
    codeName,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });
}
