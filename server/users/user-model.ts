import { type Connection, type InferSchemaType, Schema } from 'mongoose';

export const ROLES = ['member', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const EMAIL_NOTIFICATIONS = ['off', 'replies'] as const;

const userSchema = new Schema(
  {
    /** As registered, after NFKC (shown as `@username`). */
    username: { type: String, required: true },
    /** Case-folded username: uniqueness "without regard to case" is this unique index. */
    usernameKey: { type: String, required: true, unique: true },
    displayName: { type: String, required: true },
    /**
     * Null (or absent) on an account made by single sign-on or by an import: password sign-in to it is
     * refused (an imported one until an admin claims it).
     */
    passwordHash: { type: String, default: null },
    /** The host's user id (the token's `sub`) of an account made by single sign-on. */
    sso: {
      type: new Schema({ sub: { type: String, required: true } }, { _id: false, strict: 'throw' }),
      default: undefined,
    },
    role: { type: String, enum: ROLES, default: 'member', required: true },
    banned: { type: Boolean, default: false, required: true },
    banReason: { type: String, default: null },
    /** A suspension: no posting, reacting or reporting before this time; it lapses by itself. */
    suspendedUntil: { type: Date, default: null },
    suspendReason: { type: String, default: null },
    /** Every comment of this user is held for review (pre-moderation per user). */
    premod: { type: Boolean, default: false },
    createdAt: { type: Date, default: () => new Date(), required: true },
    /** Set on accounts made by `npm run import` (e.g. `disqus:user:jane`): marks them imported. */
    importKey: { type: String },
    /** The account's address (server/mail/); it gets mail only once confirmed. */
    email: { type: String, default: null },
    emailConfirmed: { type: Boolean, default: false },
    emailNotifications: { type: String, enum: EMAIL_NOTIFICATIONS, default: 'off' },
    /** The pending password reset: only the SHA-256 of its token is kept (users/password-reset.ts). */
    passwordReset: {
      type: new Schema({ hash: String, expiresAt: Date }, { _id: false, strict: 'throw' }),
      default: undefined,
    },
  },
  { versionKey: false, strict: 'throw' },
);
userSchema.index({ role: 1 });
userSchema.index({ 'passwordReset.hash': 1 }, { sparse: true });
// One account per host user; sparse, because password accounts have no `sso`.
userSchema.index({ 'sso.sub': 1 }, { unique: true, sparse: true });
userSchema.index({ importKey: 1 }, { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: import('mongoose').Types.ObjectId };

export const userModel = (conn: Connection) => conn.model('User', userSchema);
export type UserModel = ReturnType<typeof userModel>;
