import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * Ids made from import keys, the same on every run, so a run that was interrupted and is started again
 * writes the same comments and events (unique _id and opId) instead of new ones, and a reply finds its
 * parent's id without a lookup. An ObjectId's first 4 bytes are its time: the comment's own date.
 */
export function importedId(key: string, at: Date): Types.ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.min(0xffffffff, Math.max(0, Math.floor(at.getTime() / 1000))), 0);
  createHash('sha256').update(key).digest().copy(bytes, 4, 0, 8);
  return new Types.ObjectId(bytes);
}

/** The id of the change (the comment.created event) that imported `key`. */
export const importedOpId = (key: string, at: Date): Types.ObjectId => importedId(`op:${key}`, at);
