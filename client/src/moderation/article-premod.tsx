// The article's own pre-moderation, for moderators beside the thread: as the site says, never, or always.
import { useState } from 'preact/hooks';
import type { PublicArticle } from '../../../shared/types';
import { describeError } from '../lib/api';
import { queueApi } from './queue-api';
import type { ArticlePremod } from './types';

export function ArticlePremodSelect({ article }: { article: PublicArticle }) {
  const [value, setValue] = useState<ArticlePremod>(article.premod ?? 'inherit');
  const [error, setError] = useState('');
  const change = (next: ArticlePremod) => {
    const before = value;
    setValue(next);
    queueApi.articlePremod(article.id, next).then(
      () => setError(''),
      (err: unknown) => {
        setValue(before);
        setError(describeError(err));
      },
    );
  };
  return (
    <label class="sort">
      Review{' '}
      <select
        aria-label="Review of new comments on this article"
        value={value}
        onChange={(e) => change(e.currentTarget.value as ArticlePremod)}
      >
        <option value="inherit">As the site</option>
        <option value="off">Never hold</option>
        <option value="all">Hold every comment</option>
      </select>
      {error && (
        <span class="form-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </label>
  );
}
