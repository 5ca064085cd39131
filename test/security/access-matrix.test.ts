/**
 * Access control, the contract's tables as one table: every route and every socket event, tried by each
 * kind of caller. Only the roles the contract names succeed (2xx); a caller without a live session gets 401,
 * a signed-in one without the role 403. A banned user's and a logged-out token are dead sessions: 401.
 */
import request from 'supertest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, bearer, PASSWORD } from '../api/harness';
import { ask, useRealtimeHarness } from '../realtime/harness';

const h = useRealtimeHarness();

const CALLERS = ['anonymous', 'member', 'author', 'moderator', 'admin', 'banned', 'loggedOut'] as const;
type Caller = (typeof CALLERS)[number];

/** Who may: anyone, any signed-in user, the author of the target, or a role and those above it. */
type Who = 'anyone' | 'signedIn' | 'authorOnly' | 'authorOrModerator' | 'moderator' | 'admin';

const MAY: Record<Who, Caller[]> = {
  anyone: [...CALLERS],
  signedIn: ['member', 'author', 'moderator', 'admin'],
  authorOnly: ['author'],
  authorOrModerator: ['author', 'moderator', 'admin'],
  moderator: ['moderator', 'admin'],
  admin: ['admin'],
};

/** Callers whose session is live; every other caller is answered 401. */
const SIGNED_IN: Caller[] = ['member', 'author', 'moderator', 'admin'];

interface Target {
  path: string;
  body?: object;
}

/** A fresh target for each attempt, so one caller's success never changes what the next one tries. */
interface Row {
  route: string;
  who: Who;
  target: () => Promise<Target>;
  /** Logging out ends the session: that row gets a fresh sign-in for each caller. */
  freshSession?: boolean;
}

const tokens = {} as Record<Caller, string | undefined>;
const credentials = {} as Record<Caller, { username: string; password: string } | undefined>;
let articleId: string;
let counter = 0;
const unique = (prefix: string) => `${prefix}_${(counter++).toString(36)}`;

async function signIn(username: string, password = PASSWORD): Promise<string> {
  const res = await request(h().http).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.token as string;
}

beforeAll(async () => {
  articleId = (await h().newArticle('Access matrix')).id;
  tokens.anonymous = undefined;
  for (const caller of ['member', 'author', 'moderator', 'banned', 'loggedOut'] as const) {
    const reg = await h().register(unique(caller));
    tokens[caller] = reg.token;
    credentials[caller] = { username: reg.user.username, password: PASSWORD };
    if (caller === 'moderator') await h().promote(reg.user.id, 'moderator');
    if (caller === 'banned') {
      const ban = await request(h().http)
        .post(`/api/users/${reg.user.id}/ban`)
        .set(bearer(await h().adminToken()))
        .send({ reason: 'matrix' });
      expect(ban.status).toBe(200);
    }
    if (caller === 'loggedOut')
      expect((await request(h().http).post('/api/auth/logout').set(bearer(reg.token))).status).toBe(204);
  }
  tokens.admin = await signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
  credentials.admin = { username: ADMIN_USERNAME, password: ADMIN_PASSWORD };
});

// Targets -------------------------------------------------------------------------------------------

const commentByAuthor = () => h().comment(tokens.author!, articleId, `by the author ${unique('c')}`);
const asAdmin = async (method: 'post' | 'put', path: string, body: object) => {
  const res = await request(h().http)
    [method](path)
    .set(bearer(await h().adminToken()))
    .send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status}`);
  return res;
};
const removedComment = async () => {
  const id = await commentByAuthor();
  await asAdmin('post', `/api/comments/${id}/remove`, {});
  return id;
};
const reportedComment = async () => {
  const id = await commentByAuthor();
  await request(h().http).post(`/api/comments/${id}/report`).set(bearer(tokens.member!)).send({ reason: 'spam' });
  return id;
};
const newMember = async () => (await h().register(unique('target'))).user.id;
const bannedMember = async () => {
  const id = await newMember();
  await asAdmin('post', `/api/users/${id}/ban`, { reason: 'target' });
  return id;
};

const ROWS: Row[] = [
  {
    route: 'POST /api/auth/register',
    who: 'anyone',
    target: async () => ({ path: '/api/auth/register', body: { username: unique('new'), password: PASSWORD } }),
  },
  {
    route: 'POST /api/auth/login',
    who: 'anyone',
    target: async () => ({
      path: '/api/auth/login',
      body: { username: credentials.member!.username, password: PASSWORD },
    }),
  },
  {
    route: 'POST /api/auth/logout',
    who: 'signedIn',
    freshSession: true,
    target: async () => ({ path: '/api/auth/logout' }),
  },
  { route: 'GET /api/auth/me', who: 'signedIn', target: async () => ({ path: '/api/auth/me' }) },
  { route: 'GET /api/notifications', who: 'signedIn', target: async () => ({ path: '/api/notifications' }) },
  {
    route: 'POST /api/notifications/read',
    who: 'signedIn',
    target: async () => ({ path: '/api/notifications/read', body: { all: true } }),
  },
  { route: 'GET /api/users', who: 'moderator', target: async () => ({ path: '/api/users?query=a' }) },
  {
    route: 'PUT /api/users/:id/role',
    who: 'admin',
    target: async () => ({ path: `/api/users/${await newMember()}/role`, body: { role: 'moderator' } }),
  },
  {
    route: 'POST /api/users/:id/ban',
    who: 'moderator',
    target: async () => ({ path: `/api/users/${await newMember()}/ban`, body: { reason: 'matrix' } }),
  },
  {
    route: 'POST /api/users/:id/unban',
    who: 'moderator',
    target: async () => ({ path: `/api/users/${await bannedMember()}/unban` }),
  },
  { route: 'GET /api/articles', who: 'anyone', target: async () => ({ path: '/api/articles' }) },
  { route: 'GET /api/articles/:idOrSlug', who: 'anyone', target: async () => ({ path: `/api/articles/${articleId}` }) },
  {
    route: 'POST /api/articles',
    who: 'moderator',
    target: async () => ({ path: '/api/articles', body: { title: unique('Article'), body: 'Text.' } }),
  },
  {
    route: 'PATCH /api/articles/:id',
    who: 'moderator',
    target: async () => ({ path: `/api/articles/${(await h().newArticle()).id}`, body: { title: 'Renamed' } }),
  },
  {
    route: 'GET /api/articles/:id/comments',
    who: 'anyone',
    target: async () => ({ path: `/api/articles/${articleId}/comments` }),
  },
  {
    route: 'GET /api/articles/:id/comments?around',
    who: 'anyone',
    target: async () => ({ path: `/api/articles/${articleId}/comments?around=${await commentByAuthor()}` }),
  },
  {
    route: 'POST /api/articles/:id/comments',
    who: 'signedIn',
    target: async () => ({ path: `/api/articles/${articleId}/comments`, body: { body: 'Matrix comment.' } }),
  },
  {
    route: 'GET /api/articles/:id/events',
    who: 'anyone',
    target: async () => ({ path: `/api/articles/${articleId}/events` }),
  },
  {
    route: 'GET /api/comments/:id',
    who: 'anyone',
    target: async () => ({ path: `/api/comments/${await commentByAuthor()}` }),
  },
  {
    route: 'PATCH /api/comments/:id',
    who: 'authorOrModerator',
    target: async () => ({ path: `/api/comments/${await commentByAuthor()}`, body: { body: 'Edited.' } }),
  },
  {
    route: 'DELETE /api/comments/:id',
    who: 'authorOnly',
    target: async () => ({ path: `/api/comments/${await commentByAuthor()}` }),
  },
  {
    route: 'POST /api/comments/:id/remove',
    who: 'moderator',
    target: async () => ({ path: `/api/comments/${await commentByAuthor()}/remove`, body: { reason: 'matrix' } }),
  },
  {
    route: 'POST /api/comments/:id/restore',
    who: 'moderator',
    target: async () => ({ path: `/api/comments/${await removedComment()}/restore` }),
  },
  {
    route: 'POST /api/comments/:id/report',
    who: 'signedIn',
    target: async () => ({ path: `/api/comments/${await commentByAuthor()}/report`, body: { reason: 'spam' } }),
  },
  {
    route: 'POST /api/comments/:id/reports/dismiss',
    who: 'moderator',
    target: async () => ({ path: `/api/comments/${await reportedComment()}/reports/dismiss` }),
  },
  { route: 'GET /api/moderation/reports', who: 'moderator', target: async () => ({ path: '/api/moderation/reports' }) },
  { route: 'GET /api/moderation/log', who: 'moderator', target: async () => ({ path: '/api/moderation/log' }) },
];

/** What the contract says `caller` gets on a route open to `who`. */
function expected(who: Who, caller: Caller): 'ok' | 401 | 403 {
  if (MAY[who].includes(caller)) return 'ok';
  return SIGNED_IN.includes(caller) ? 403 : 401;
}

describe.each(ROWS)('$route (open to: $who)', (row) => {
  it.each(CALLERS)('as %s', async (caller) => {
    const { path, body } = await row.target();
    const method = row.route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const token =
      row.freshSession && credentials[caller] && !['banned', 'loggedOut'].includes(caller)
        ? await signIn(credentials[caller].username, credentials[caller].password)
        : tokens[caller];
    let req = request(h().http)[method](path);
    if (token) req = req.set(bearer(token));
    const res = await (body ? req.send(body) : req);
    const want = expected(row.who, caller);
    if (want === 'ok') {
      expect(res.status >= 200 && res.status < 300 ? 'ok' : `${res.status} ${JSON.stringify(res.body)}`).toBe('ok');
    } else {
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({
        status: want,
        code: want === 401 ? 'unauthenticated' : 'forbidden',
      });
    }
  });
});

describe('socket events', () => {
  /** comment:post needs a live session; join, leave and watch are open to every reader. */
  it.each(CALLERS)('as %s', async (caller) => {
    const token = tokens[caller];
    const socket = await h().connect(token ? { auth: { token } } : {});
    expect(await ask(socket, 'article:join', { articleId })).toMatchObject({ ok: true });
    expect(await ask(socket, 'articles:watch', { articleIds: [articleId] })).toEqual({ ok: true });
    const posted = await ask(socket, 'comment:post', { articleId, body: `socket post as ${caller}` });
    if (SIGNED_IN.includes(caller))
      expect(posted).toMatchObject({ ok: true, comment: { body: `socket post as ${caller}` } });
    else expect(posted).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await ask(socket, 'article:leave', { articleId })).toEqual({ ok: true });
    socket.disconnect();
    const thread = await request(h().http).get(`/api/articles/${articleId}/comments?limit=100&sort=newest`);
    const bodies = (thread.body.items as { body: string }[]).map((c) => c.body);
    expect(bodies.includes(`socket post as ${caller}`)).toBe(SIGNED_IN.includes(caller));
  });
});
