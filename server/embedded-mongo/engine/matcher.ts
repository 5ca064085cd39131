import { mongoError } from '../errors';
import { checkIndexCollation, collationKeyFn, collationKind } from './collation';
import {
  FIELD_OPERATORS,
  implicitEquality,
  isOperatorDocument,
  UNSUPPORTED_FIELD_OPERATORS,
  type Branch,
  type BranchPredicate,
  type MatchContext,
} from './matcher-operators';
import { exprPredicate } from './mingo-bridge';
import { isIndex, valueAt } from './update-paths';
import { comparableView, isPlainObject, type Doc } from './values';

/**
 * Query filters with MongoDB's matching rules, validated when compiled (a bad filter fails before any
 * document is read, with mongod's code and message). mingo's own matcher differs from MongoDB where it
 * matters here (`{'a.b': null}` through arrays, `$type` of int/long/double, field order in embedded
 * documents, type bracketing, `$lte: null`), so only `$expr` goes to mingo (see mingo-bridge.ts).
 */

export type DocPredicate = (doc: Doc) => boolean;

/**
 * The values a dotted path reaches, as MongoDB's matcher walks it: through subdocuments, and through
 * arrays into each subdocument element (and to an element by position, `a.0`). A missing field is one
 * `undefined` branch; an array of non-documents reached by a non-numeric name yields no branch at all,
 * so `{'a.b': null}` matches `{a: 1}` and `{a: [{}]}` but not `{a: [1]}`.
 */
export function lookupBranches(doc: unknown, parts: readonly string[], i = 0): Branch[] {
  const part = parts[i]!;
  let child: unknown;
  if (Array.isArray(doc)) {
    if (!isIndex(part) || Number(part) >= doc.length) return [];
    child = doc[Number(part)];
  } else {
    child = isPlainObject(doc) && Object.hasOwn(doc, part) ? doc[part] : undefined;
  }
  if (i === parts.length - 1) return [{ value: child, dontIterate: Array.isArray(doc) && Array.isArray(child) }];
  if (!Array.isArray(child) && !isPlainObject(child)) return Array.isArray(doc) ? [] : [{ value: undefined }];
  const branches = lookupBranches(child, parts, i + 1);
  if (Array.isArray(child)) {
    for (const element of child) if (isPlainObject(element)) branches.push(...lookupBranches(element, parts, i + 1));
  }
  return branches;
}

const UNSUPPORTED_TOP_LEVEL = new Set(['$where', '$text', '$jsonSchema', '$sampleRate']);

const unsupported = (op: string) =>
  mongoError('NotImplemented', `${op} is not supported by the embedded MongoDB server`);

function logicalClauses(op: string, value: unknown, ctx: MatchContext): DocPredicate[] {
  if (!Array.isArray(value)) throw mongoError('BadValue', `${op} must be an array`);
  if (value.length === 0) throw mongoError('BadValue', '$and/$or/$nor must be a nonempty array');
  return value.map((clause) => {
    if (!isPlainObject(clause)) throw mongoError('BadValue', '$or/$and/$nor entries need to be full objects');
    return ctx.compileDocument(clause);
  });
}

function compileTopLevel(key: string, value: unknown, ctx: MatchContext): DocPredicate | null {
  switch (key) {
    case '$and': {
      const clauses = logicalClauses(key, value, ctx);
      return (doc) => clauses.every((p) => p(doc));
    }
    case '$or': {
      const clauses = logicalClauses(key, value, ctx);
      return (doc) => clauses.some((p) => p(doc));
    }
    case '$nor': {
      const clauses = logicalClauses(key, value, ctx);
      return (doc) => !clauses.some((p) => p(doc));
    }
    case '$expr': {
      const p = exprPredicate(value, ctx.evaluate);
      return (doc) => p(comparableView(doc));
    }
    case '$comment':
      return null;
    case '$alwaysTrue':
      return () => true;
    case '$alwaysFalse':
      return () => false;
    default:
      break;
  }
  if (UNSUPPORTED_TOP_LEVEL.has(key)) throw unsupported(key);
  if (key.startsWith('$')) {
    throw mongoError(
      'BadValue',
      `unknown top level operator: ${key}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
    );
  }
  const parts = key.split('.');
  const p = ctx.compileSpec(value);
  return (doc) => p(lookupBranches(doc, parts));
}

function createContext(fold: MatchContext['fold'], evaluate?: MatchContext['evaluate']): MatchContext {
  const ctx: MatchContext = {
    fold,
    evaluate,
    compileDocument(filter) {
      const clauses: DocPredicate[] = [];
      for (const [key, value] of Object.entries(filter)) {
        const p = compileTopLevel(key, value, ctx);
        if (p) clauses.push(p);
      }
      if (clauses.length === 1) return clauses[0]!;
      return (doc) => clauses.every((p) => p(doc));
    },
    compileOperators(spec) {
      const parts: BranchPredicate[] = [];
      for (const [op, operand] of Object.entries(spec)) {
        const compile = FIELD_OPERATORS[op];
        if (!compile)
          throw UNSUPPORTED_FIELD_OPERATORS.has(op)
            ? unsupported(op)
            : mongoError('BadValue', `unknown operator: ${op}`);
        parts.push(compile(operand, spec, ctx));
      }
      if (parts.length === 1) return parts[0]!;
      return (branches) => parts.every((p) => p(branches));
    },
    compileSpec(spec) {
      return isOperatorDocument(spec) ? ctx.compileOperators(spec) : implicitEquality(spec, ctx);
    },
  };
  return ctx;
}

const PLAIN = createContext(null);

export interface FilterOptions {
  collation?: Doc;
  evaluate?: MatchContext['evaluate'];
}

/**
 * Compiles a query filter to a predicate. Throws MongoDB's BadValue for unknown or malformed operators,
 * NotImplemented for `$where`, `$text`, geo operators and JavaScript in `$expr`. A collation of strength
 * 1 or 2 compares strings as collated indexes do (see collation.ts); other collations are refused.
 */

export function compileFilter(filter: Doc, options: FilterOptions = {}): DocPredicate {
  if (!isPlainObject(filter)) throw mongoError('BadValue', 'filter must be an object');
  let fold: MatchContext['fold'] = null;
  if (options.collation) {
    checkIndexCollation(options.collation);
    fold = collationKeyFn(collationKind(options.collation));
  }
  const ctx = fold || options.evaluate ? createContext(fold, options.evaluate) : PLAIN;
  return ctx.compileDocument(filter);
}

/** The conditions of a filter (top level and under `$and`) on `arrayPath` or on fields below it. */
function conditionsOn(filter: Doc, arrayPath: string, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) conditionsOn(clause, arrayPath, out);
    } else if (key === arrayPath || key.startsWith(`${arrayPath}.`)) {
      out.push([key.slice(arrayPath.length), value]);
    }
  }
  return out;
}

/**
 * For the positional `$` update operator: the index of the first element of the array at `arrayPath`
 * that satisfies the filter's conditions on that array (`arrayPath: ...`, `arrayPath.x: ...`,
 * `$elemMatch`). An element satisfying all of them wins; failing that, the first satisfying any one
 * (mongod remembers the position of whichever condition matched). Undefined when none does.
 */
export function firstArrayMatchIndex(filter: Doc, doc: Doc, arrayPath: string): number | undefined {
  const array = valueAt(doc, arrayPath.split('.'));
  if (!Array.isArray(array)) return undefined;
  const tests = conditionsOn(filter, arrayPath).map(([rest, condition]) => {
    const p = compileFilter({ [`e${rest}`]: condition });
    return (element: unknown) => p({ e: [element] });
  });
  if (tests.length === 0) return undefined;
  const all = array.findIndex((element) => tests.every((t) => t(element)));
  if (all >= 0) return all;
  const some = array.findIndex((element) => tests.some((t) => t(element)));
  return some >= 0 ? some : undefined;
}
