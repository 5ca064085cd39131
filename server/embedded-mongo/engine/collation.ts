import { mongoError } from '../errors';
import { isPlainObject, toComparable } from './values';

/**
 * The collations indexes honour. Without ICU, strings are folded into a key at index time: strength 2
 * ignores case, strength 1 also ignores accents. Strength 3 (ICU's default) and the simple collation keep
 * binary order. The locale is not consulted: the folding is the same for every language.
 */
export type CollationKind = 'simple' | 'ignoreCase' | 'ignoreCaseAndAccents' | 'unsupported';

/** The options ICU would accept, at the only value the embedded server honours (their defaults). */
const DEFAULTS: Record<string, unknown> = {
  caseLevel: false,
  caseFirst: 'off',
  numericOrdering: false,
  alternate: 'non-ignorable',
  maxVariable: 'punct',
  normalization: false,
  backwards: false,
};

/** Why the collation cannot be honoured, or null when it can. */
function unsupportedPart(collation: Record<string, unknown>): string | null {
  if (typeof collation.locale !== 'string') return "a collation without a string 'locale'";
  for (const [name, value] of Object.entries(collation)) {
    if (name === 'locale' || name === 'version' || name === 'strength' || value === undefined) continue;
    if (!(name in DEFAULTS)) return `collation option '${name}'`;
    if (value !== DEFAULTS[name]) return `collation option ${name}: ${JSON.stringify(value)}`;
  }
  const strength = toComparable(collation.strength ?? 3);
  if (strength !== 1 && strength !== 2 && strength !== 3) return `collation strength ${String(strength)}`;
  return null;
}

/** What a query's or an index's collation means for keys; never throws. */
export function collationKind(collation: unknown): CollationKind {
  if (collation === undefined || collation === null) return 'simple';
  if (!isPlainObject(collation)) return 'unsupported';
  if (collation.locale === 'simple') return 'simple';
  if (unsupportedPart(collation)) return 'unsupported';
  const strength = toComparable(collation.strength ?? 3);
  return strength === 1 ? 'ignoreCaseAndAccents' : strength === 2 ? 'ignoreCase' : 'simple';
}

/** Rejects an index collation the embedded server would not honour, naming the option. */
export function checkIndexCollation(collation: unknown): void {
  if (collation === undefined) return;
  if (!isPlainObject(collation)) throw mongoError('BadValue', "The field 'collation' must be an object");
  if (collation.locale === 'simple') return;
  const part = unsupportedPart(collation);
  if (part)
    throw mongoError(
      'BadValue',
      `${part} is not supported by the embedded MongoDB-compatible server (only locale with strength 1, 2 or 3)`,
    );
}

const COMBINING_MARKS = /\p{M}/gu;

function foldString(s: string, kind: CollationKind): string {
  const decomposed = s.normalize('NFKD');
  const bare = kind === 'ignoreCaseAndAccents' ? decomposed.replace(COMBINING_MARKS, '') : decomposed;
  // Upper then lower folds pairs that lower case alone keeps apart (ß/SS, ς/σ).
  return bare.toUpperCase().toLowerCase();
}

function foldDeep(v: unknown, kind: CollationKind): unknown {
  if (typeof v === 'string') return foldString(v, kind);
  if (Array.isArray(v)) return v.map((x) => foldDeep(x, kind));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = foldDeep(x, kind);
    return out;
  }
  return v;
}

/**
 * The function that turns a value into its collation key (strings folded, also inside subdocuments and
 * arrays), or null when values are their own keys.
 */
export function collationKeyFn(kind: CollationKind): ((v: unknown) => unknown) | null {
  if (kind !== 'ignoreCase' && kind !== 'ignoreCaseAndAccents') return null;
  return (v) => foldDeep(v, kind);
}

/** True when the value holds a string anywhere, i.e. when a collation could change how it compares. */
export function holdsString(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (Array.isArray(v)) return v.some(holdsString);
  if (isPlainObject(v)) return Object.values(v).some(holdsString);
  return false;
}
