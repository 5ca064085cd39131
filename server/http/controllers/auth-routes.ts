import { Router } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { loginBody, registerBody } from '../../../shared/schemas';
import type { Domain } from '../../domain';
import { login, logout, register, type SignedIn } from '../../users/accounts';
import { toPublicUser } from '../../users/user-view';
import { actorOf, requireSignedIn } from '../authenticate';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';
import { parseInput } from '../validate';
import { errors } from '../../../shared/errors';

/** passport's local strategy checks the credentials; every login makes a fresh server-side session. */
function localPassport(domain: Domain): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ session: false, passReqToCallback: true }, (req, username, password, done) => {
      login(domain, { username, password }, req.ip ?? 'unknown').then(
        (signedIn) => done(null, signedIn),
        (err: unknown) => done(err),
      );
    }),
  );
  return passport;
}

export function authRoutes(domain: Domain): Router {
  const router = Router();
  const passport = localPassport(domain);

  router.post('/register', async (req, res) => {
    const input = parseInput(registerBody, req.body);
    const signedIn = await register(domain, input, req.ip ?? 'unknown');
    setSessionCookie(req, res, signedIn.token);
    res.status(201).json({ user: signedIn.user, token: signedIn.token });
  });

  router.post('/login', (req, res, next) => {
    parseInput(loginBody, req.body);
    passport.authenticate('local', { session: false }, (err: unknown, signedIn: SignedIn | false) => {
      if (err) return next(err);
      if (!signedIn) return next(errors.unauthenticated('Wrong username or password.'));
      setSessionCookie(req, res, signedIn.token);
      res.status(200).json({ user: signedIn.user, token: signedIn.token });
    })(req, res, next);
  });

  router.post('/logout', requireSignedIn, async (req, res) => {
    const actor = actorOf(req);
    await logout(domain, actor.sessionId, actor.id);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/me', requireSignedIn, async (req, res) => {
    const user = await domain.models.User.findById(actorOf(req).id).lean();
    if (!user) throw errors.unauthenticated();
    res.json({ user: toPublicUser(user) });
  });

  return router;
}
