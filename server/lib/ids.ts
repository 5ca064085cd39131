import { Types } from 'mongoose';
import { errors } from '../../shared/errors';
import { isObjectIdString } from '../../shared/ids';

// Upper-case hex is accepted here as it always was: an id typed by hand still finds its thing.
const isId = (id: string) => isObjectIdString(id.toLowerCase());

/** An id from a path: anything that is not an ObjectId is simply not found (never a cast error). */
export function pathId(id: string, what: string): Types.ObjectId {
  if (!isId(id)) throw errors.notFound(`No such ${what}.`);
  return new Types.ObjectId(id);
}

/** An id from a body field: a malformed one is a validation error naming the field. */
export function bodyId(id: string, field: string): Types.ObjectId {
  if (!isId(id)) throw errors.validationFailed({ [field]: 'is not a valid id' });
  return new Types.ObjectId(id);
}
