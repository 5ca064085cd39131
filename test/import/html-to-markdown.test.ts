/**
 * Imported messages go through the comments' own renderer: what a reader sees of a Disqus HTML message
 * after its conversion to the Markdown subset.
 */
import { createRenderer } from '../../server/comments/render';
import { htmlToMarkdown } from '../../server/import/html-to-markdown';

const renderer = createRenderer({ wordFilter: ['darn'] });
const shown = (html: string, newlinesAreBreaks = false) =>
  renderer.render(htmlToMarkdown(html, { newlinesAreBreaks })).html;

it('keeps the formatting the subset has', () => {
  expect(shown('<ul><li>one</li><li>two <b>bold</b></li></ul><ol><li>a</li><li>b</li></ol>')).toBe(
    '<ul>\n<li>one</li>\n<li>two <strong>bold</strong></li>\n</ul>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n',
  );
  expect(shown('<pre><code>if (a &lt; b) {\n  go();\n}</code></pre>')).toBe(
    '<pre><code>if (a &lt; b) {\n  go();\n}\n</code></pre>\n',
  );
  expect(shown('<p><s>old</s> <code>a`b</code></p>')).toBe('<p><s>old</s> <code>a`b</code></p>\n');
  expect(shown('<a href="https://en.wikipedia.org/wiki/Foo_(bar)">wiki</a>')).toBe(
    '<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)" rel="nofollow ugc noopener">wiki</a></p>\n',
  );
  expect(shown('<img src="https://img.example/a.png" alt="cat">')).toBe(
    '<p><a href="https://img.example/a.png" rel="nofollow ugc noopener">cat</a></p>\n',
  );
});

it('shows text as written, never as Markdown, and masks listed words like any comment', () => {
  expect(shown('<p>*not emphasis* [x](https://a.example) &lt;b&gt; &amp;amp;</p>')).toBe(
    '<p>*not emphasis* [x](<a href="https://a.example" rel="nofollow ugc noopener">https://a.example</a>) ' +
      '&lt;b&gt; &amp;amp;</p>\n',
  );
  expect(shown('<p>- not a list</p><p>1. not a list</p><p>&gt; not a quote</p>')).toBe(
    '<p>- not a list</p>\n<p>1. not a list</p>\n<p>&gt; not a quote</p>\n',
  );
  expect(shown('<p>darn it</p>')).toBe('<p>**** it</p>\n');
});

it('drops scripts, handlers and unsafe links with no trace of them in html', () => {
  const html = shown(
    '<p onclick="x()">a<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe>' +
      '<a href="javascript:alert(2)">b</a><a href="data:text/html,x">c</a><img src=x onerror=alert(3)></p>',
  );
  expect(html).toBe('<p>abc</p>\n');
});
