// The render guard (test/comments/render-linear-time.test.ts) can only fail if the count sees quadratic work.
import { countWork } from './count-work';

const text = (size: number) => 'a'.repeat(size);

it('counts a linear scan once per character', () => {
  const scan = (s: string) => () => {
    for (let i = 0; i < s.length; i++) s.charCodeAt(i);
  };
  expect(countWork(scan(text(1_000)))).toBe(1_000);
  expect(countWork(scan(text(2_000)))).toBe(2_000);
});

it('sees a search repeated from every position as quadratic', () => {
  const searches = {
    indexOf: (s: string) => () => {
      for (let i = 0; i < s.length; i++) s.indexOf('b', i);
    },
    regex: (s: string) => () => {
      const b = /b/g;
      for (let i = 0; i < s.length; i++) {
        b.lastIndex = i;
        b.exec(s);
      }
    },
  };
  for (const search of Object.values(searches)) {
    expect(countWork(search(text(2_000))) / countWork(search(text(1_000)))).toBeGreaterThan(3.9);
  }
});

it('counts an anchored expression that fails at once as one look', () => {
  expect(countWork(() => /^b/.exec(text(1_000)))).toBe(1);
  expect(countWork(() => /b/.exec(text(1_000)))).toBe(1_000);
});

it('puts the primitives back, even when the work throws', () => {
  const { charCodeAt, indexOf } = String.prototype;
  const { exec } = RegExp.prototype;
  expect(() =>
    countWork(() => {
      throw new Error('boom');
    }),
  ).toThrow('boom');
  expect([String.prototype.charCodeAt, String.prototype.indexOf, RegExp.prototype.exec]).toEqual([
    charCodeAt,
    indexOf,
    exec,
  ]);
});
