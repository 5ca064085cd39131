// "Show more" under a paged list: disabled while the next page loads, the error beside it if it fails.
import { useState } from 'preact/hooks';
import { describeError } from '../lib/api';

export function MoreButton({ label, load }: { label: string; load(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  return (
    <div class="more">
      <button
        type="button"
        class="secondary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          load()
            .then(
              () => setError(''),
              (err: unknown) => setError(describeError(err)),
            )
            .finally(() => setBusy(false));
        }}
      >
        {label}
      </button>
      {error && <span class="form-error">{error}</span>}
    </div>
  );
}
