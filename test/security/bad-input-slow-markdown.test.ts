// Bad input (issue 8): Markdown built to be slow posts, and rendering it stays linear, shown by counted work.
import request from 'supertest';
import { countWork } from '../helpers/count-work';
import { bearer, type Registered } from '../api/harness';
import { useBadInput } from './bad-input-kit';

const { h, fixtures } = useBadInput();
let member: Registered, articleId: string;
beforeAll(() => ({ member, articleId } = fixtures()));

describe('Markdown built to be slow renders in linear time', () => {
  /**
   * The characters the app's renderer looks at for a body (test/helpers/count-work.ts): the same on every
   * machine and every run, where the CPU time this once measured moved with the load on a shared machine.
   */
  const workOf = (body: string) => countWork(() => h().app.ctx.renderer.render(body));
  const of = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const ratios: string[] = [];
  afterAll(() => console.log(`render work of 40,000 vs 10,000 characters:\n${ratios.join('\n')}`));

  it.each(['*', '[', '>', '`', '_', '![', '[a](', '> - ', '*_[]>`(![', '**a'])(
    '10,000 of %j: posted as a comment, and four times the input takes well under 16 times the work',
    async (unit) => {
      const body = of(unit, 10_000);
      const res = await request(h().http)
        .post(`/api/articles/${articleId}/comments`)
        .set(bearer(member.token))
        .send({ body });
      expect(res.status).toBe(201);
      const [small, large, plain] = [body, of(unit, 40_000), of('a', 10_000)].map(workOf) as [number, number, number];
      const ratio = large / small;
      ratios.push(
        `  ${JSON.stringify(unit)}: ${small} -> ${large} (x${ratio.toFixed(2)}); plain text of 10,000: ${plain}`,
      );
      // Linear work is about four times as much for four times the input; quadratic work would be sixteen.
      expect(ratio).toBeLessThan(5);
    },
  );
});
