// Work counted instead of time measured: a guard against super-linear code that a busy machine cannot upset.
//
// While `run` goes, the string and regular-expression primitives that parsers loop over are wrapped to count
// the characters they look at: one for each charCodeAt, and for indexOf and RegExp exec the characters from
// where the search starts to where it ends (a match's end, or the end of the string; an anchored expression
// that fails looks at one). The count is the same on every machine and every run, so its growth with the
// input shows the shape: twice the input, about twice the count when linear, four times when quadratic.
// (RegExp.prototype.exec sees test, match, replace, split and matchAll too: they call it once it is replaced.)

export function countWork(run: () => void): number {
  const { charCodeAt, indexOf } = String.prototype;
  const { exec } = RegExp.prototype;
  let seen = 0;
  String.prototype.charCodeAt = function (this: string, index?: number) {
    seen += 1;
    return charCodeAt.call(this, index ?? 0);
  };
  String.prototype.indexOf = function (this: string, search: string, from?: number) {
    const start = Math.max(0, from ?? 0);
    const found = indexOf.call(this, search, start);
    seen += (found === -1 ? this.length : found + search.length) - start;
    return found;
  };
  RegExp.prototype.exec = function (this: RegExp, text: string) {
    const start = this.global || this.sticky ? this.lastIndex : 0;
    const match = exec.call(this, text);
    const anchored = this.sticky || (this.source.startsWith('^') && !this.multiline);
    if (match) seen += Math.max(1, match.index + match[0].length - start);
    else seen += anchored ? 1 : Math.max(1, String(text).length - start);
    return match;
  };
  try {
    run();
  } finally {
    Object.assign(String.prototype, { charCodeAt, indexOf });
    RegExp.prototype.exec = exec;
  }
  return seen;
}
