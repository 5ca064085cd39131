/** `@username` in a comment: linked to the profile in the HTML, and the same names reported for notifying. */
import { LINK_REL, createRenderer } from '../../server/comments/render';

const renderer = createRenderer({ wordFilter: ['secretword'] });
const link = (name: string) => `<a href="/users/${name}" rel="${LINK_REL}">@${name}</a>`;

describe('mentions', () => {
  it('links each @name to its profile, keeping the text around it', () => {
    expect(renderer.renderMarkdown('Hi @alice_1, and (@Bob-2).')).toBe(
      `<p>Hi ${link('alice_1')}, and (${link('Bob-2')}).</p>\n`,
    );
    expect(renderer.mentions('Hi @alice_1, and (@Bob-2).')).toEqual(['alice_1', 'Bob-2']);
  });

  it('names each person once, in order, whatever the case', () => {
    expect(renderer.mentions('@Carol @dave @carol @CAROL @dave')).toEqual(['Carol', 'dave']);
  });

  it('is not a mention inside code, inside a link, in an address, or when too short or too long', () => {
    const body = [
      '`@incode` and',
      '',
      '```',
      '@fenced',
      '```',
      '',
      '[@linked](https://example.com) mail@example.com a@bob @ab',
      `@${'x'.repeat(33)}`,
    ].join('\n');
    expect(renderer.mentions(body)).toEqual([]);
    expect(renderer.renderMarkdown(body)).not.toContain('/users/');
  });

  it('leaves a masked name unlinked, so a listed word is never put into a link', () => {
    const html = renderer.renderMarkdown('hey @secretword');
    expect(html).toBe('<p>hey @****</p>\n');
    expect(renderer.mentions('hey @secretword')).toEqual([]);
  });

  it('keeps mentions in quotes and lists, and the excerpt reads as typed', () => {
    expect(renderer.mentions('> @quoted\n\n- @listed')).toEqual(['quoted', 'listed']);
    expect(renderer.render('Thanks @erin!').excerpt).toBe('Thanks @erin!');
  });
});
