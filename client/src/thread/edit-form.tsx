// Editing a comment in place; the change reaches every reader (this one included) as a thread event.
import { useState } from 'preact/hooks';
import type { PublicComment } from '../../../shared/types';
import { describeError } from '../lib/api';
import { commentActions } from './moderation-api';
import { commentDomId } from './viewport';

export function EditForm({ comment, onDone }: { comment: PublicComment; onDone(): void }) {
  const [body, setBody] = useState(comment.body);
  const [error, setError] = useState('');
  const id = `${commentDomId(comment.id)}-edit-body`;
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await commentActions.edit(comment.id, body.trim());
      onDone();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form class="composer composer-reply" onSubmit={submit}>
      <label for={id}>Edit your comment</label>
      <textarea id={id} rows={3} value={body} onInput={(e) => setBody(e.currentTarget.value)} autoFocus />
      <div class="composer-buttons">
        <button type="button" class="secondary" onClick={onDone}>
          Cancel
        </button>
        <button type="submit">Save</button>
      </div>
      <p class="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}
