// What the word filter hides and what excerpts show.
import { LINK_REL, createRenderer } from '../../server/comments/render';
import { codePointLength } from '../../shared/text';

describe('word filter', () => {
  const renderer = createRenderer({ wordFilter: ['darn', 'Heck', 'a.b', 'c++', '(x)', 'bad word'] });

  it('masks whole words in any case', () => {
    expect(renderer.renderMarkdown('Darn it, DARN! heck.')).toBe('<p>**** it, ****! ****.</p>\n');
    expect(renderer.maskText('darned darning undarn darn_it darn1 darn')).toBe(
      'darned darning undarn darn_it darn1 ****',
    );
  });

  it('uses Unicode word boundaries', () => {
    expect(renderer.maskText('édarn darné darn’s «darn»')).toBe('édarn darné ****’s «****»');
    expect(renderer.maskText('darn\u0301')).toBe('darn\u0301'); // a combining mark continues the word
  });

  it('masks in emphasis, code, link text, quotes and lists', () => {
    const html = renderer.renderMarkdown(
      '**darn** `darn` [darn](https://example.com)\n\n> darn\n\n- darn\n\n```\ndarn\n```',
    );
    expect(html).not.toMatch(/darn/i);
    expect(html.match(/\*\*\*\*/g)).toHaveLength(6);
  });

  it('never masks inside a URL, an attribute or a tag', () => {
    const html = renderer.renderMarkdown('[see](https://example.com/darn?q=heck) https://darn.example/heck');
    expect(html).toContain('href="https://example.com/darn?q=heck"');
    expect(html).toContain('href="https://darn.example/heck"');
    // The visible text of a bare URL is text, so it is masked like any other text.
    expect(html).toContain('>https://****.example/****</a>');

    const markupWords = createRenderer({
      wordFilter: [
        'p',
        'a',
        'em',
        'strong',
        'href',
        'rel',
        'nofollow',
        'ugc',
        'https',
        'amp',
        'lt',
        'gt',
        'quot',
        'br',
      ],
    });
    expect(markupWords.renderMarkdown('*x* **y** 1 & 2 < 3 "z"\n[link](https://example.com)')).toBe(
      `<p><em>x</em> <strong>y</strong> 1 &amp; 2 &lt; 3 "z"<br />\n<a href="https://example.com" rel="${LINK_REL}">link</a></p>\n`,
    );
  });

  it('treats regex metacharacters in listed words literally', () => {
    expect(renderer.maskText('a.b axb a-b')).toBe('**** axb a-b');
    expect(renderer.maskText('I like c++ and c+ and cc')).toBe('I like **** and c+ and cc');
    expect(renderer.maskText('(x) x ( x )')).toBe('**** x ( x )');
    expect(createRenderer({ wordFilter: ['.*'] }).maskText('anything at all')).toBe('anything at all');
    expect(createRenderer({ wordFilter: ['[', '\\'] }).maskText('a [ b \\ c')).toBe('a **** b **** c');
  });

  it('masks phrases and prefers the longest match', () => {
    expect(createRenderer({ wordFilter: ['bad', 'bad word'] }).maskText('a bad word, a bad day')).toBe(
      'a ****, a **** day',
    );
  });

  it('ignores empty entries and matches words in NFC', () => {
    const r = createRenderer({ wordFilter: ['', '  ', 'cafe\u0301'] });
    expect(r.maskText('a café here')).toBe('a **** here');
    expect(r.renderMarkdown('cafe\u0301')).toBe('<p>****</p>\n');
    expect(r.maskText('nothing')).toBe('nothing');
  });
});

describe('excerpts', () => {
  const renderer = createRenderer({ wordFilter: ['darn'] });

  it('is the plain text of the rendering, whitespace collapsed, entities as characters', () => {
    expect(
      renderer.excerpt('**Hello**   *there*\n\n> a < b & "c"\n\n- one\n- two\n\n[link](https://example.com)', 300),
    ).toBe('Hello there a < b & "c" one two link');
    expect(renderer.excerpt('<script>x</script>', 300)).toBe('<script>x</script>');
  });

  it('is masked', () => {
    expect(renderer.excerpt('well **darn** it', 300)).toBe('well **** it');
  });

  it('is at most 300 code points, counting an emoji once and never splitting it', () => {
    const excerpt = renderer.excerpt('😀'.repeat(500), 300);
    expect(codePointLength(excerpt)).toBe(300);
    expect(excerpt).toBe('😀'.repeat(300));
    expect(renderer.excerpt(`${'a'.repeat(299)}😀😀`, 300)).toBe(`${'a'.repeat(299)}😀`);
    expect(renderer.excerpt('short', 300)).toBe('short');
  });

  it('masks before cutting, so a listed word at the cut shows no letters', () => {
    const excerpt = renderer.excerpt(`${'x'.repeat(297)} darn`, 300);
    expect(excerpt).toBe(`${'x'.repeat(297)} **`);
  });

  it('defaults to 300 and agrees with render()', () => {
    const body = `*darn* ${'word '.repeat(100)}`;
    expect(codePointLength(renderer.excerpt(body))).toBeLessThanOrEqual(300);
    expect(renderer.render(body)).toEqual({
      html: renderer.renderMarkdown(body),
      excerpt: renderer.excerpt(body, 300),
    });
  });
});
