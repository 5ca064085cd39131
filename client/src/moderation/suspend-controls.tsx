// Acting on a person from their history: suspend for a while (with a reason) or lift it, and hold every
// comment they write for review. The server's answer (the user) is what the controls show afterwards.
import { useState } from 'preact/hooks';
import type { UserRef } from '../../../shared/types';
import { describeError } from '../lib/api';
import { absoluteTime } from '../lib/time';
import type { HistoryUser } from './history-entries';
import { queueApi } from './queue-api';
import { FormOutcome } from '../ui/form-outcome';

const DAY_MS = 24 * 3600 * 1000;
const DURATIONS = [
  { days: 1, label: '1 day' },
  { days: 3, label: '3 days' },
  { days: 7, label: '1 week' },
  { days: 30, label: '30 days' },
];

interface Props {
  user: UserRef;
  about: HistoryUser | undefined;
  onChange(user: HistoryUser): void;
}

export function SuspendControls({ user, about, onChange }: Props) {
  const [days, setDays] = useState(1);
  const [reason, setReason] = useState('');
  const [premod, setPremod] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const id = `suspend-${user.id}`;
  const until =
    about?.suspendedUntil && new Date(about.suspendedUntil).getTime() > Date.now() ? about.suspendedUntil : null;
  const held = premod ?? about?.premod ?? false;

  const run = (action: () => Promise<void>) => {
    setError('');
    action().catch((err: unknown) => setError(describeError(err)));
  };
  const suspend = (event: Event) => {
    event.preventDefault();
    run(async () => {
      const answer = await queueApi.suspend(user.id, new Date(Date.now() + days * DAY_MS).toISOString(), reason.trim());
      onChange(answer.user);
      setNotice('Suspended.');
    });
  };

  return (
    <div class="suspend-controls">
      {until ? (
        <p>
          Suspended until <time dateTime={until}>{absoluteTime(until)}</time>{' '}
          <button
            type="button"
            class="secondary"
            onClick={() =>
              run(async () => {
                onChange((await queueApi.unsuspend(user.id)).user);
                setNotice('The suspension is lifted.');
              })
            }
          >
            Unsuspend
          </button>
        </p>
      ) : (
        <form class="inline-form" onSubmit={suspend}>
          <label for={`${id}-for`}>Suspend for</label>
          <select id={`${id}-for`} value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {DURATIONS.map((d) => (
              <option key={d.days} value={d.days}>
                {d.label}
              </option>
            ))}
          </select>
          <label for={`${id}-reason`}>Reason for the suspension</label>
          <input
            id={`${id}-reason`}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
            required
            maxLength={500}
          />
          <div class="composer-buttons">
            <button type="submit" class="danger">
              Suspend
            </button>
          </div>
        </form>
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={held}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            run(async () => {
              await queueApi.premod(user.id, on);
              setPremod(on);
              setNotice(on ? 'Their comments are held for review.' : 'Their comments are no longer held.');
            });
          }}
        />{' '}
        Hold all their comments for review
      </label>
      <FormOutcome error={error} notice={notice} />
    </div>
  );
}
