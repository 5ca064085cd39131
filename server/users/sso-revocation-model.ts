import { type Connection, Schema } from 'mongoose';

/**
 * SSO tokens revoked by a logout, so they cannot sign in again. Kept only while the token could still be
 * accepted: the TTL monitor drops each one after the token's `exp` (plus the allowed clock skew).
 */
const revokedSsoTokenSchema = new Schema(
  {
    /** `[sub, jti]` as JSON: a jti is unique per host user, whatever scheme the host numbers them by. */
    _id: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  },
  { versionKey: false },
);

export const revokedSsoTokenModel = (conn: Connection) => conn.model('RevokedSsoToken', revokedSsoTokenSchema);
export type RevokedSsoTokenModel = ReturnType<typeof revokedSsoTokenModel>;
