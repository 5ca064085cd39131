import { type Connection, type InferSchemaType, Schema, type Types } from 'mongoose';

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** How long a sent or failed mail stays (for an operator's look) before the store drops it. */
const KEEP_FINISHED_S = 7 * 24 * 3600;

/**
 * The outgoing mail queue (mail-queue.ts adds, mail-worker.ts sends). Kept in the store so that nothing
 * is lost when an instance restarts, and so that every instance's worker can take its share.
 */
const mailSchema = new Schema(
  {
    /** What the mail is for (`reply`, `confirm-email`, `password-reset`), for the logs. */
    kind: { type: String, required: true },
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, default: '' },
    html: { type: String, default: '' },
    /** Extra headers, e.g. List-Unsubscribe (RFC 8058). */
    headers: { type: Schema.Types.Mixed, default: {} },
    /** `sending` is a claim by one worker, valid until `nextAttemptAt` (then another may take it over). */
    status: { type: String, enum: MAIL_STATUSES, default: 'pending', required: true },
    attempts: { type: Number, default: 0, required: true },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    /** Set when sent or given up; the TTL index drops the mail a week later. */
    finishedAt: { type: Date, default: null },
    /** A mail that may be asked for twice (a reply told again by the repair job) is queued once. */
    onceKey: { type: String },
  },
  { versionKey: false, strict: 'throw' },
);
// The worker's claim: due mails, oldest due first.
mailSchema.index({ status: 1, nextAttemptAt: 1 });
mailSchema.index({ finishedAt: 1 }, { expireAfterSeconds: KEEP_FINISHED_S });
mailSchema.index({ onceKey: 1 }, { unique: true, partialFilterExpression: { onceKey: { $type: 'string' } } });

export type MailDoc = InferSchemaType<typeof mailSchema> & { _id: Types.ObjectId };

export const mailModel = (conn: Connection) => conn.model('Mail', mailSchema);
export type MailModel = ReturnType<typeof mailModel>;
