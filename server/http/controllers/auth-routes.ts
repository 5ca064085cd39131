import { Router } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { RequestHandler, Response } from 'express';
import { loginBody, registerBody, ssoBody } from '../../../shared/schemas';
import type { AuthConfig } from '../../config';
import type { AppContext } from '../../app-context';
import { login, logout, register, type SignedIn } from '../../users/accounts';
import { getMe } from '../../users/get-me';
import { signInWithSso } from '../../users/sso';
import { actorOf, requireSignedIn } from '../authenticate';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';
import { SsoStrategy } from '../sso-strategy';
import { parseInput } from '../../lib/parse-input';
import { errors } from '../../../shared/errors';

/**
 * passport's local strategy checks the credentials, the SSO one the host's token (when SSO is on); every
 * sign-in makes a fresh server-side session.
 */
function authPassport(ctx: AppContext, auth: AuthConfig): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ session: false, passReqToCallback: true }, (req, username, password, done) => {
      login(ctx, { username, password }, req.ip ?? 'unknown').then(
        (signedIn) => done(null, signedIn),
        (err: unknown) => done(err),
      );
    }),
  );
  const sso = auth.sso;
  if (sso) passport.use(new SsoStrategy((req, token) => signInWithSso(ctx, sso, token, req.ip ?? 'unknown')));
  return passport;
}

/** AUTH_MODES without `password`: the host signs its readers in, so no accounts are made or used here. */
const passwordModeOnly =
  (auth: AuthConfig): RequestHandler =>
  (_req, _res, next) => {
    if (auth.password) return next();
    next(errors.forbidden('Password sign-in is off on this server; sign in through the site you came from.'));
  };

const signedInAnswer = (res: Response, status: number, signedIn: SignedIn) =>
  res.status(status).json({ user: signedIn.user, token: signedIn.token });

export function authRoutes(ctx: AppContext, auth: AuthConfig): Router {
  const router = Router();
  const passport = authPassport(ctx, auth);
  /** Runs a strategy; its errors carry the contract's codes, and a plain failure is a 401. */
  const signIn =
    (strategy: 'local' | 'sso', refusal: string): RequestHandler =>
    (req, res, next) =>
      passport.authenticate(strategy, { session: false }, (err: unknown, signedIn: SignedIn | false) => {
        if (err) return next(err);
        if (!signedIn) return next(errors.unauthenticated(refusal));
        setSessionCookie(req, res, signedIn.token);
        signedInAnswer(res, 200, signedIn);
      })(req, res, next);

  router.post('/register', passwordModeOnly(auth), async (req, res) => {
    const input = parseInput(registerBody, req.body);
    const signedIn = await register(ctx, input, req.ip ?? 'unknown');
    setSessionCookie(req, res, signedIn.token);
    signedInAnswer(res, 201, signedIn);
  });

  router.post('/login', passwordModeOnly(auth), (req, res, next) => {
    parseInput(loginBody, req.body);
    signIn('local', 'Wrong username or password.')(req, res, next);
  });

  router.post('/sso', (req, res, next) => {
    if (!auth.sso) return next(errors.forbidden('Single sign-on is not enabled on this server.'));
    parseInput(ssoBody, req.body);
    signIn('sso', 'The SSO token was refused.')(req, res, next);
  });

  router.post('/logout', requireSignedIn, async (req, res) => {
    const actor = actorOf(req);
    await logout(ctx, actor.sessionId, actor.id);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/me', requireSignedIn, async (req, res) => {
    res.json({ user: await getMe(ctx, actorOf(req)) });
  });

  return router;
}
