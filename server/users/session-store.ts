import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { SESSION_TTL_MS, type SessionModel } from './session-model';

/** 256 bits of randomness, url-safe. */
const newToken = () => randomBytes(32).toString('base64url');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Refreshing a session's expiry on every request would be a write per request; once a minute is plenty. */
const TOUCH_EVERY_MS = 60_000;

/** The SSO token (with a `jti`) a session was made from. */
export interface SsoTokenRef {
  sub: string;
  jti: string;
  exp: Date;
}

export interface SessionInfo {
  id: string;
  userId: Types.ObjectId;
}

/**
 * Server-side sessions in MongoDB, so every instance sees the same ones and a logout or a ban ends them
 * everywhere. Only the token's hash is stored.
 */
export function createSessionStore(deps: { Session: SessionModel; now?: () => Date }) {
  const { Session } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async create(userId: Types.ObjectId, ssoToken?: SsoTokenRef): Promise<{ token: string; session: SessionInfo }> {
      const token = newToken();
      const at = now();
      const id = tokenHash(token);
      const expiresAt = new Date(at.getTime() + SESSION_TTL_MS);
      await Session.create({ _id: id, userId, createdAt: at, lastUsedAt: at, expiresAt, ssoToken });
      return { token, session: { id, userId } };
    },

    /** The live session a token names, sliding its 30-day expiry; null for an unknown or expired one. */
    async resolve(token: string): Promise<SessionInfo | null> {
      if (!token || token.length > 200) return null;
      const id = tokenHash(token);
      const at = now();
      const doc = await Session.findById(id).lean();
      if (!doc || doc.expiresAt.getTime() <= at.getTime()) return null;
      if (at.getTime() - doc.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await Session.updateOne(
          { _id: id },
          { $set: { lastUsedAt: at, expiresAt: new Date(at.getTime() + SESSION_TTL_MS) } },
        );
      }
      return { id, userId: doc.userId };
    },

    /** The SSO token a session was made from, when it had a `jti` (logging out revokes that token). */
    async ssoTokenOf(sessionId: string): Promise<SsoTokenRef | null> {
      const doc = await Session.findById(sessionId, { ssoToken: 1 }).lean();
      const ref = doc?.ssoToken;
      return ref?.sub && ref.jti && ref.exp ? { sub: ref.sub, jti: ref.jti, exp: ref.exp } : null;
    },

    async revoke(sessionId: string): Promise<void> {
      await Session.deleteOne({ _id: sessionId });
    },

    /** Ends every session of a user (ban, admin bootstrap); returns their ids for live revocation. */
    async revokeAllOf(userId: Types.ObjectId, except?: string): Promise<string[]> {
      const filter = except ? { userId, _id: { $ne: except } } : { userId };
      const ids = (await Session.find(filter, { _id: 1 }).lean()).map((s) => s._id);
      if (ids.length) await Session.deleteMany({ _id: { $in: ids } });
      return ids;
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
