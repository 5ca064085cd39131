// What rendered comments may contain: only the allow-listed tags and links, and the Markdown subset.
import { LINK_REL, createRenderer } from '../../server/comments/render';
import { expectSafeHtml } from '../helpers/safe-html';

const plain = createRenderer({ wordFilter: [] });

describe('XSS vectors never reach the html', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<object data="x.swf"></object>',
    '<a href="javascript:alert(1)">x</a>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](jav&#x09;ascript:alert(1))',
    '[x](jav&#9;ascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x]( javascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](vbscript:msgbox(1))',
    '[x](VBScript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](DATA:text/html,<script>alert(1)</script>)',
    '[x](file:///etc/passwd)',
    '[x](//evil.example/path)',
    '[x](/relative/path)',
    '[x](#fragment)',
    '[x](https://ok.example "title onmouseover=alert(1)")',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '<vbscript:msgbox(1)>',
    '<data:text/html,hi>',
    'javascript:alert(1)',
    '![x](javascript:alert(1))',
    '![x](https://evil.example/track.png)',
    '<https://ok.example/"onmouseover="alert(1)>',
    '[x](https://ok.example/"onmouseover="alert(1))',
    '```"><script>alert(1)</script>\ncode\n```',
    '```js" onload="alert(1)\ncode\n```',
    '`<script>alert(1)</script>`',
    '> <script>alert(1)</script>',
    '- <img src=x onerror=alert(1)>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#60;script&#62;alert(1)&#60;/script&#62;',
  ];

  it.each(vectors)('%j', (vector) => {
    expectSafeHtml(plain.renderMarkdown(vector));
  });

  it('shows raw HTML as text rather than dropping it', () => {
    expect(plain.renderMarkdown('<b>hi</b>')).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>\n');
  });

  it('leaves a refused link as the text the author typed', () => {
    expect(plain.renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
    expect(plain.renderMarkdown('[x](/relative)')).toBe('<p>[x](/relative)</p>\n');
  });
});

describe('links', () => {
  const rel = `rel="${LINK_REL}"`;

  it('keeps http, https and mailto links, each with rel="nofollow ugc noopener"', () => {
    expect(plain.renderMarkdown('[site](https://example.com/a?b=1&c=2)')).toBe(
      `<p><a href="https://example.com/a?b=1&amp;c=2" ${rel}>site</a></p>\n`,
    );
    expect(plain.renderMarkdown('[site](HTTP://example.com)')).toContain(`<a href="HTTP://example.com" ${rel}>`);
    expect(plain.renderMarkdown('<https://example.com>')).toContain(`<a href="https://example.com" ${rel}>`);
    expect(plain.renderMarkdown('see http://example.com/x.')).toContain(`<a href="http://example.com/x" ${rel}>`);
    expect(plain.renderMarkdown('[mail](mailto:me@example.com)')).toContain(`<a href="mailto:me@example.com" ${rel}>`);
    expect(plain.renderMarkdown('write me@example.com')).toContain(`<a href="mailto:me@example.com" ${rel}>`);
  });

  it('drops link titles', () => {
    expect(plain.renderMarkdown('[x](https://example.com "hello")')).toBe(
      `<p><a href="https://example.com" ${rel}>x</a></p>\n`,
    );
  });

  it('gives every link in a body the rel', () => {
    const html = plain.renderMarkdown('[a](https://a.example) <https://b.example> http://c.example x@d.example');
    const anchors = html.match(/<a [^>]*>/g) ?? [];
    expect(anchors).toHaveLength(4);
    for (const anchor of anchors) expect(anchor).toContain(rel);
  });

  it('strips bidi controls from link text (in html and excerpts), and keeps them outside links', () => {
    const controls = [...'\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C'];
    const hasBidi = (s: string) => controls.some((c) => s.includes(c));
    for (const c of controls) {
      const spoof = `[safe${c}gpj.exe](https://evil.example/x)`;
      const nested = `[a *b${c}* \`c${c}\`](https://x.example)`;
      const bodies = [spoof, nested, `https://evil.example/${c}gpj.exe`, `<https://x.example/${c}a>`];
      for (const body of bodies) {
        const { html, excerpt } = plain.render(body);
        expect({ body, html: hasBidi(html), excerpt: hasBidi(excerpt) }).toEqual({ body, html: false, excerpt: false });
      }
      expect(plain.render(spoof).html).toBe(`<p><a href="https://evil.example/x" ${rel}>safegpj.exe</a></p>\n`);
      expect(plain.render(`${c}مرحبا${c} [x](https://x.example)`).html).toContain(`${c}مرحبا${c}`);
    }
  });
});

describe('the Markdown subset', () => {
  it('renders emphasis, strong, strikethrough, code, blocks, lists and line breaks', () => {
    expect(plain.renderMarkdown('*a* _b_ **c** ~~d~~ `e`')).toBe(
      '<p><em>a</em> <em>b</em> <strong>c</strong> <s>d</s> <code>e</code></p>\n',
    );
    expect(plain.renderMarkdown('line 1\nline 2')).toBe('<p>line 1<br />\nline 2</p>\n');
    expect(plain.renderMarkdown('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n');
    expect(plain.renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
    expect(plain.renderMarkdown('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n');
    expect(plain.renderMarkdown('```js\nlet a = 1 < 2;\n```')).toBe('<pre><code>let a = 1 &lt; 2;\n</code></pre>\n');
    expect(plain.renderMarkdown('    indented code')).toBe('<pre><code>indented code\n</code></pre>\n');
  });

  it('does not render headings, images, tables or rules', () => {
    expect(plain.renderMarkdown('# Title')).toBe('<p># Title</p>\n');
    expect(plain.renderMarkdown('Title\n===')).not.toMatch(/<h\d/);
    expect(plain.renderMarkdown('![alt](https://example.com/a.png)')).not.toMatch(/<img/);
    expect(plain.renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).not.toMatch(/<t(able|d|r|h)/);
    expect(plain.renderMarkdown('a\n\n---\n\nb')).not.toMatch(/<hr/);
  });

  it('does not apply typographic replacements', () => {
    expect(plain.renderMarkdown('"quotes" -- (c) ...')).toBe('<p>"quotes" -- (c) ...</p>\n');
  });
});
