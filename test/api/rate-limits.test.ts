/** Rate limits with RATE_LIMITS=on (contract: Limits and cross-site rules; Errors: 429). */
import request from 'supertest';
import { PASSWORD, useApiHarness } from './harness';

// One trusted proxy hop, so X-Forwarded-For names the client's address (documentation addresses only).
const h = useApiHarness({ RATE_LIMITS: 'on', TRUST_PROXY: '1' });

const login = (address: string, username: string, password: string) =>
  request(h().http).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

function expect429(res: request.Response): number {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
  const header = Number(res.headers['retry-after']);
  expect(Number.isInteger(header) && header >= 1).toBe(true);
  expect(res.body.error.details.retryAfter).toBe(header);
  return header;
}

describe('login limits', () => {
  beforeAll(async () => {
    await h().register('rl_victim');
  });

  it('answers 429 with Retry-After after repeated wrong logins from one address, without locking out others', async () => {
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    for (let i = 0; i < 20 && !limited; i++) {
      const res = await login(attacker, 'rl_victim', `wrong password ${i}`);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited).toBeDefined();
    // Some failures are free before the delay starts.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
    expect429(limited!);

    // While the delay lasts, that address gets 429 even with the right password.
    expect429(await login(attacker, 'rl_victim', PASSWORD));
    // The same name in another case is the same account.
    expect429(await login(attacker, 'RL_VICTIM', 'wrong again'));

    // Another address is not locked out: a wrong password is still the plain 401, the right one works.
    const elsewhere = await login('198.51.100.20', 'rl_victim', 'wrong elsewhere');
    expect({ status: elsewhere.status, code: elsewhere.body.error.code }).toEqual({
      status: 401,
      code: 'unauthenticated',
    });
    const owner = await login('198.51.100.21', 'rl_victim', PASSWORD);
    expect(owner.status).toBe(200);
    // And the attacker's address may still try other accounts' names (the per-address limit is wider).
    expect((await login(attacker, 'someone_else', 'x')).status).toBe(401);
  });

  it('a successful login clears the failures counted for that username and address', async () => {
    const address = '198.51.100.40';
    for (let i = 0; i < 3; i++) expect((await login(address, 'rl_victim', 'nope')).status).toBe(401);
    expect((await login(address, 'rl_victim', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(address, 'rl_victim', 'nope')).status).toBe(401);
  });
});

describe('registration limits', () => {
  it('answers 429 to a flood of registrations from one address, while another address can still register', async () => {
    const flooder = '203.0.113.99';
    let limited: request.Response | undefined;
    let created = 0;
    for (let i = 0; i < 60 && !limited; i++) {
      const res = await request(h().http)
        .post('/api/auth/register')
        .set('X-Forwarded-For', flooder)
        .send({ username: `flood_${i}`, password: PASSWORD });
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(201);
        created += 1;
      }
    }
    expect(limited).toBeDefined();
    expect(created).toBeGreaterThan(0);
    expect429(limited!);

    const other = await request(h().http)
      .post('/api/auth/register')
      .set('X-Forwarded-For', '198.51.100.77')
      .send({ username: 'calm_user', password: PASSWORD });
    expect(other.status).toBe(201);
  });
});
