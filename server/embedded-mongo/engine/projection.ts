import { mongoError } from '../errors';
import { compileFilter, firstArrayMatchIndex } from './matcher';
import { checkExpression, evaluateExpression } from './mingo-bridge';
import { setField } from './update-paths';
import { isNumeric, isPlainObject, toComparable, type Doc } from './values';

/**
 * Find projections (MongoDB 4.4+): inclusion or exclusion of (dotted) fields, `_id: 0`, `$slice`,
 * `$elemMatch`, the positional `a.$` (given the query) and computed fields (literals and aggregation
 * expressions, evaluated by mingo). Values are copied as stored, wrappers included. The aggregation
 * stage `$project` is the same projection without the find-only operators.
 *
 * Field order is mongod's: the fields kept come in the document's order (so `_id` first), then the
 * computed ones in the order of the specification.
 */

/** Evaluates an aggregation expression against the document being projected. */
export type Evaluate = (doc: Doc, expr: unknown) => unknown;

type Node =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'tree'; children: Children }
  | { kind: 'slice'; skip: number; limit: number | undefined }
  | { kind: 'elemMatch'; test: (element: unknown) => boolean }
  | { kind: 'positional'; path: string }
  | { kind: 'expression'; expr: unknown };
type Children = Map<string, Node>;

function sliceNode(arg: unknown): Node {
  if (isNumeric(arg)) {
    const n = Math.trunc(Number(toComparable(arg)));
    return n >= 0 ? { kind: 'slice', skip: 0, limit: n } : { kind: 'slice', skip: n, limit: undefined };
  }
  if (Array.isArray(arg) && arg.length === 2 && arg.every(isNumeric)) {
    const [skip, limit] = arg.map((x) => Math.trunc(Number(toComparable(x)))) as [number, number];
    if (limit <= 0) throw mongoError('BadValue', '$slice limit must be positive');
    return { kind: 'slice', skip, limit };
  }
  throw mongoError('BadValue', '$slice only supports numbers and [skip, limit] arrays');
}

function elemMatchNode(path: string, spec: unknown): Node {
  if (path.includes('.')) throw mongoError('BadValue', 'Cannot use $elemMatch projection on a nested field.');
  if (!isPlainObject(spec)) throw mongoError('BadValue', 'elemMatch: Invalid argument, object required.');
  const p = compileFilter({ e: { $elemMatch: spec } });
  return { kind: 'elemMatch', test: (element) => p({ e: [element] }) };
}

/** The node of one projected value; nested plain documents are flattened by the caller. */
function leafNode(path: string, value: unknown, findOperators: boolean): Node {
  if (typeof value === 'boolean' || isNumeric(value))
    return Number(toComparable(value)) ? { kind: 'include' } : { kind: 'exclude' };
  if (isPlainObject(value) && findOperators) {
    const op = Object.keys(value)[0]!;
    if (op === '$slice') return sliceNode(value.$slice);
    if (op === '$elemMatch') return elemMatchNode(path, value.$elemMatch);
    if (op === '$meta') throw mongoError('NotImplemented', '$meta is not supported by the embedded MongoDB server');
  }
  checkExpression(value);
  return { kind: 'expression', expr: value };
}

/** [path, value] pairs with nested sub-projections (`{ a: { b: 1 } }`) flattened to dotted paths. */
function flatten(spec: Doc, prefix = ''): Array<[string, unknown]> {
  return Object.entries(spec).flatMap(([key, value]): Array<[string, unknown]> => {
    const path = prefix + key;
    if (!isPlainObject(value) || Object.keys(value)[0]?.startsWith('$')) return [[path, value]];
    if (Object.keys(value).length === 0)
      throw mongoError('BadValue', `An empty sub-projection is not a valid value. Found empty object at path ${path}`);
    return flatten(value, `${path}.`);
  });
}

function insert(root: Children, path: string, node: Node): void {
  const parts = path.split('.');
  let children = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const existing = children.get(parts[i]!);
    if (existing && existing.kind !== 'tree') {
      throw mongoError('Location31250', `Path collision at ${path} remaining portion ${parts.slice(i + 1).join('.')}`);
    }
    const tree: Node = existing ?? { kind: 'tree', children: new Map() };
    children.set(parts[i]!, tree);
    children = tree.children;
  }
  if (children.has(parts[parts.length - 1]!)) throw mongoError('Location31250', `Path collision at ${path}`);
  children.set(parts[parts.length - 1]!, node);
}

function applySlice(node: { skip: number; limit: number | undefined }, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const start = node.skip < 0 ? Math.max(0, value.length + node.skip) : Math.min(node.skip, value.length);
  return value.slice(start, node.limit === undefined ? undefined : start + node.limit);
}

interface Run {
  root: Doc;
  filter: Doc | undefined;
  evaluate: Evaluate;
}

const findEvaluate: Evaluate = (doc, expr) => evaluateExpression(doc, expr);

function evaluate(run: Run, expr: unknown): unknown {
  const isExpression = (typeof expr === 'string' && expr.startsWith('$')) || Array.isArray(expr) || isPlainObject(expr);
  if (!isExpression) return expr; // a literal, kept as given
  return run.evaluate(run.root, expr);
}

function positional(run: Run, path: string, value: unknown): unknown {
  const index = run.filter && Array.isArray(value) ? firstArrayMatchIndex(run.filter, run.root, path) : undefined;
  if (index === undefined) {
    throw mongoError(
      'Location51246',
      "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array",
    );
  }
  return [(value as unknown[])[index]];
}

/** A node applied to a value present in the document; undefined leaves the field out. */
function applyNode(run: Run, node: Node, value: unknown, inclusion: boolean): unknown {
  switch (node.kind) {
    case 'include':
      return value;
    case 'exclude':
      return undefined;
    case 'slice':
      return applySlice(node, value);
    case 'elemMatch': {
      const found = Array.isArray(value) ? value.find(node.test) : undefined;
      return found === undefined ? undefined : [found];
    }
    case 'positional':
      return positional(run, node.path, value);
    case 'expression':
      return evaluate(run, node.expr);
    case 'tree':
      if (isPlainObject(value)) return project(run, value, node.children, inclusion);
      if (Array.isArray(value)) return projectArray(run, value, node.children, inclusion);
      return inclusion ? computedOnly(run, node) : value;
  }
}

function projectArray(run: Run, array: unknown[], children: Children, inclusion: boolean): unknown[] {
  const out: unknown[] = [];
  for (const element of array) {
    if (isPlainObject(element)) out.push(project(run, element, children, inclusion));
    else if (Array.isArray(element)) out.push(projectArray(run, element, children, inclusion));
    else if (!inclusion) out.push(element); // an inclusion keeps only subdocuments of an array
  }
  return out;
}

/** The computed fields of a subtree where the document has nothing (inclusion creates them). */
function computedOnly(run: Run, node: Node): unknown {
  if (node.kind === 'expression') return evaluate(run, node.expr);
  if (node.kind !== 'tree') return undefined;
  const out: Doc = {};
  for (const [key, child] of node.children) {
    const v = computedOnly(run, child);
    if (v !== undefined) setField(out, key, v);
  }
  return Object.keys(out).length ? out : undefined;
}

function project(run: Run, doc: Doc, children: Children, inclusion: boolean): Doc {
  const out: Doc = {};
  for (const [key, value] of Object.entries(doc)) {
    const node = children.get(key);
    if (node?.kind === 'expression') continue; // computed fields come after the kept ones
    const v = node ? applyNode(run, node, value, inclusion) : inclusion ? undefined : value;
    if (v !== undefined) setField(out, key, v);
  }
  if (inclusion) {
    for (const [key, node] of children) {
      if (Object.hasOwn(doc, key) && node.kind !== 'expression') continue;
      const v = computedOnly(run, node);
      if (v !== undefined) setField(out, key, v);
    }
  }
  return out;
}

const INCLUDES = new Set(['include', 'expression', 'positional']);

export interface ProjectionOptions {
  /** The query, for the positional `a.$` of a find projection. */
  filter?: Doc;
  /** Set for the `$project` stage: expressions are evaluated with it, and find's operators do not exist. */
  aggregation?: Evaluate;
}

/**
 * Compiles a find projection or a `$project` stage. Mixing inclusion and exclusion (other than
 * `_id: 0`) is refused with mongod's codes 31254 / 31253.
 */
export function compileProjection(projection: Doc | undefined, options: ProjectionOptions = {}): (doc: Doc) => Doc {
  const { filter, aggregation } = options;
  if (!projection || Object.keys(projection).length === 0) return (doc) => doc;
  const root: Children = new Map();
  let mode: 'inclusion' | 'exclusion' | undefined;
  let elemMatch = false;
  for (const [rawPath, value] of flatten(projection)) {
    const isPositional = !aggregation && rawPath.endsWith('.$');
    const path = isPositional ? rawPath.slice(0, -2) : rawPath;
    if (path.split('.').includes('$')) {
      throw mongoError(
        'BadValue',
        `Positional projection '${rawPath}' contains the positional operator in the middle; it may only be used at the end, for example: a.b.$`,
      );
    }
    const node: Node = isPositional ? { kind: 'positional', path } : leafNode(path, value, !aggregation);
    if (path !== '_id' && (INCLUDES.has(node.kind) || node.kind === 'exclude')) {
      const wanted = node.kind === 'exclude' ? 'exclusion' : 'inclusion';
      if (mode && mode !== wanted) {
        throw wanted === 'exclusion'
          ? mongoError('Location31254', `Cannot do exclusion on field ${path} in inclusion projection`)
          : mongoError('Location31253', `Cannot do inclusion on field ${path} in exclusion projection`);
      }
      mode = wanted;
    }
    elemMatch ||= node.kind === 'elemMatch';
    insert(root, path, node);
  }
  // Alone, `_id: 1` (or a computed `_id`) is an inclusion and `_id: 0` an exclusion.
  const id = root.get('_id');
  if (!mode) mode = elemMatch || (id && id.kind !== 'exclude') ? 'inclusion' : 'exclusion';
  const inclusion = mode === 'inclusion';
  // An inclusion keeps `_id` unless told otherwise.
  if (inclusion && !root.has('_id')) root.set('_id', { kind: 'include' });
  const evaluator = aggregation ?? findEvaluate;
  return (doc) => project({ root: doc, filter, evaluate: evaluator }, doc, root, inclusion);
}
