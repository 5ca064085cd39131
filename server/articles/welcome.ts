import type { AppContext } from '../app-context';
import { isDuplicateKey } from '../lib/mongo-errors';

const WELCOME_BODY = `This is a live discussion. Comments appear here as they are written, in every open browser.

- **Reply** to a comment to start a thread, or **Quote** it to answer a part of it.
- Write with a little Markdown: *emphasis*, **strong**, \`code\`, > quotes, lists and links.
- Moderators can remove a comment; it disappears from every open page at once.

Sign in or register below, then say hello.`;

/**
 * On the first start with an empty database, one welcome article by the admin, so that whoever just ran
 * `npm start` sees a live thread. Instances starting together race on the unique slug; one wins.
 */
export async function ensureWelcomeArticle(ctx: AppContext): Promise<void> {
  const { Article, User } = ctx.models;
  if (await Article.exists({})) return;
  const admin = await User.findOne({ role: 'admin' }).sort({ createdAt: 1 }).lean();
  if (!admin) return;
  const { html } = ctx.renderer.render(WELCOME_BODY);
  try {
    await Article.create({
      slug: 'welcome',
      title: 'Welcome to the live discussion',
      summary: 'A live thread to try: comments, replies and quotes appear in every open browser at once.',
      body: WELCOME_BODY,
      html,
      authorId: admin._id,
      publishedAt: ctx.now(),
    });
  } catch (err) {
    if (!isDuplicateKey(err, 'slug')) throw err;
  }
}
