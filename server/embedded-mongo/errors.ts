/**
 * A command failure as MongoDB reports it: `{ ok: 0, errmsg, code, codeName }`. Codes and names are
 * MongoDB's own (src/mongo/base/error_codes.yml), so drivers and mongoose react to them as usual.
 */
export const ErrorCodes = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  InvalidIdField: 53,
  CommandNotFound: 59,
  MaxTimeMSExpired: 50,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CannotIndexParallelArrays: 171,
  CannotCreateIndex: 67,
  InvalidIndexSpecificationOption: 197,
  UnrecognizedPipelineStage: 40324,
  DuplicateKey: 11000,
  NotImplemented: 238,
  InvalidPipelineOperator: 168,
  OperationNotSupportedInTransaction: 263,
  NoSuchTransaction: 251,
  BSONObjectTooLarge: 10334,
  DollarPrefixedFieldName: 52,
  UnknownError: 8,
  InvalidLength: 16,
  Unauthorized: 13,
  OperationFailed: 96,
  ProtocolError: 17,
  NotSingleValueField: 54,
  EmptyFieldName: 56,
  // Codes mongod reports under their source location (find projections).
  Location31250: 31250,
  Location31253: 31253,
  Location31254: 31254,
  Location51246: 51246,
  Location15959: 15959,
  Location15973: 15973,
  Location51272: 51272,
  // Aggregation expression errors ($mod by zero, $abs of the smallest long).
  Location16610: 16610,
  Location28680: 28680,
} as const;

export type ErrorCodeName = keyof typeof ErrorCodes;

export class MongoCommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra fields copied into the error reply (e.g. keyPattern / keyValue of a duplicate key). */
  readonly extra: Record<string, unknown>;

  constructor(codeName: ErrorCodeName, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MongoCommandError';
    this.code = ErrorCodes[codeName];
    this.codeName = codeName;
    this.extra = extra;
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const mongoError = (codeName: ErrorCodeName, message: string, extra?: Record<string, unknown>) =>
  new MongoCommandError(codeName, message, extra);
