import { type Connection, Schema } from 'mongoose';

/** Values the server generates once and shares across instances and restarts (e.g. the cookie secret). */
const settingSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: String, required: true } },
  { versionKey: false },
);

export const settingModel = (conn: Connection) => conn.model('Setting', settingSchema);
