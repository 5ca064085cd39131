/** Account self-service is rate limited like login: guesses of the current password run out (contract: Limits). */
import request from 'supertest';
import { bearer, expectError, useApiHarness } from './harness';

const h = useApiHarness({ RATE_LIMITS: 'on' });

it('limits wrong current passwords per user with 429 and Retry-After', async () => {
  const me = await h().register('guesser');
  let last: request.Response | undefined;
  for (let i = 0; i < 30; i++) {
    const guess = { current: `guess number ${i}`, next: 'whatever123' };
    last = await request(h().http).post('/api/auth/password').set(bearer(me.token)).send(guess);
    if (last.status === 429) break;
    expectError(last, 401, 'unauthenticated');
  }
  expectError(last!, 429, 'rate_limited');
  expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
}, 60_000);
