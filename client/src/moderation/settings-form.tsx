// The site's pre-moderation settings, for admins: what is held for review (nothing, everything, or the
// first comments of new users), comments with links, and comments with suspect words.
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { queueApi } from './queue-api';
import type { ModerationSettings, PremodMode } from './types';
import { FormOutcome } from '../ui/form-outcome';

export function SettingsForm() {
  const [settings, setSettings] = useState<ModerationSettings | null>(null);
  const [words, setWords] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const show = ({ settings: s }: { settings: ModerationSettings }) => {
    setSettings(s);
    setWords(s.suspectWords.join(', '));
  };
  useEffect(() => {
    queueApi.settings().then(show, (err: unknown) => setError(describeError(err)));
  }, []);

  const save = (event: Event) => {
    event.preventDefault();
    if (!settings) return;
    const suspectWords = words
      .split(/[,\n]/)
      .map((w) => w.trim())
      .filter(Boolean);
    setNotice('');
    queueApi.saveSettings({ ...settings, suspectWords }).then(
      (answer) => {
        show(answer);
        setError('');
        setNotice('Saved.');
      },
      (err: unknown) => setError(describeError(err)),
    );
  };
  const set = (change: Partial<ModerationSettings>) => settings && setSettings({ ...settings, ...change });

  return (
    <section aria-labelledby="settings-title" class="mod-section">
      <h2 id="settings-title">Pre-moderation settings</h2>
      {settings && (
        <form class="settings-form" onSubmit={save}>
          <label for="premod-mode">Hold for review</label>
          <select
            id="premod-mode"
            value={settings.premod}
            onChange={(e) => set({ premod: e.currentTarget.value as PremodMode })}
          >
            <option value="off">Nothing (publish at once)</option>
            <option value="new-users">The first comments of new users</option>
            <option value="all">Every comment</option>
          </select>
          <label for="premod-first">How many first comments of a new user</label>
          <input
            id="premod-first"
            type="number"
            min={1}
            max={100}
            value={settings.premodFirst}
            disabled={settings.premod !== 'new-users'}
            onInput={(e) => set({ premodFirst: Number(e.currentTarget.value) })}
          />
          <label class="check">
            <input
              type="checkbox"
              checked={settings.holdLinks}
              onChange={(e) => set({ holdLinks: e.currentTarget.checked })}
            />{' '}
            Hold comments with a link
          </label>
          <label for="suspect-words">Hold comments with these words (comma-separated)</label>
          <textarea id="suspect-words" rows={2} value={words} onInput={(e) => setWords(e.currentTarget.value)} />
          <div class="composer-buttons">
            <button type="submit">Save settings</button>
          </div>
        </form>
      )}
      <FormOutcome error={error} notice={notice} />
    </section>
  );
}
