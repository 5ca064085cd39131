// Rendering stays linear on pathological input. Shown by counting the characters the renderer looks at
// (test/helpers/count-work.ts), never by timing it: a busy machine once made a linear 54 ms render take
// 1,088 ms of wall time and fail a timed bound.
import { createRenderer } from '../../server/comments/render';
import { countWork } from '../helpers/count-work';

const plain = createRenderer({ wordFilter: [] });

describe('pathological input renders in linear time', () => {
  const patterns: Record<string, string> = {
    stars: '*',
    underscores: '_',
    'open brackets': '[',
    'close brackets': ']',
    'greater-than': '>',
    backticks: '`',
    'open parens': '(',
    'nested quotes': '>>>>',
    'nested brackets': '[[[[',
    'image openers': '![',
    'link openers': '[a](',
    'emphasis openers': '*a',
    'strong openers': '__a',
    strikethrough: '~~a',
    'angle brackets': '<',
    'entity starts': '&#',
    'nested lists': '- ',
    'quoted lists': '> - ',
    'reference definitions': '[a]:',
    'bare URLs': 'http://',
    escapes: '\\',
    mixed: '*_[]>`(![',
  };
  const counts: string[] = [];

  /** The characters looked at while rendering `size` characters made of `unit` repeated. */
  function workFor(unit: string, size: number): number {
    const body = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    return countWork(() => plain.render(body));
  }

  afterAll(() => console.log(`render work, 10k -> 20k chars (characters looked at, ratio):\n${counts.join('\n')}`));

  it.each(Object.entries(patterns))('%s', (name, unit) => {
    const small = workFor(unit, 10_000);
    const large = workFor(unit, 20_000);
    counts.push(`  ${name}: ${small} -> ${large} (x${(large / small).toFixed(2)})`);
    // Twice the input: about twice the work when linear (fixed costs make it a little less), four times
    // when quadratic. The count is exact, so the bound can sit close to linear.
    expect(large / small).toBeLessThan(2.5);
  });

  it('caps nesting depth', () => {
    const tooDeep = plain.renderMarkdown(`${'>'.repeat(10_000)} lost`);
    expect((tooDeep.match(/<blockquote>/g) ?? []).length).toBeLessThanOrEqual(20);
    expect(plain.renderMarkdown('>>>>> five deep')).toContain('<p>five deep</p>');
  });
});
