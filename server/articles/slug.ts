import { isObjectIdString } from '../../shared/ids';

/** A slug is 1 to 96 of a-z 0-9 -, and never one that would read as an id or as another route. */
export const SLUG_PATTERN = /^[a-z0-9-]{1,96}$/;

/** Paths under /api/articles/ that are routes of their own, so an article by that slug would be unreachable. */
const ROUTE_NAMES = new Set(['lookup']);

/** 24 hex digits read as an id; a route's name reads as that route. */
const readsAsOther = (s: string): boolean => isObjectIdString(s) || ROUTE_NAMES.has(s);

export const isValidSlug = (s: string): boolean => SLUG_PATTERN.test(s) && !readsAsOther(s);

/** A slug made from a title: accents dropped, anything else collapsed to single dashes. */
export function slugify(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  const slug = base || 'article';
  return readsAsOther(slug) ? `${slug}-a` : slug;
}

/** The next candidate when a slug is taken: `title`, `title-2`, `title-3`, … within 96 characters. */
export function withSuffix(slug: string, n: number): string {
  const suffix = `-${n}`;
  return slug.slice(0, 96 - suffix.length).replace(/-+$/g, '') + suffix;
}
