import { type Connection, Schema } from 'mongoose';

/** Sessions live 30 days after their last use. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const sessionSchema = new Schema(
  {
    /** SHA-256 of the token: a stolen database copy does not yield usable tokens. */
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    /** The TTL monitor deletes the document once this date passes. */
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
    /** A session made from an SSO token with a `jti`: logging out revokes that token until its `exp`. */
    ssoToken: { type: new Schema({ sub: String, jti: String, exp: Date }, { _id: false }), default: undefined },
  },
  { versionKey: false },
);

export const sessionModel = (conn: Connection) => conn.model('Session', sessionSchema);
export type SessionModel = ReturnType<typeof sessionModel>;
