// One form's submission: busy while it runs, the server's message on failure, a notice on success.
import { useState } from 'preact/hooks';
import { describeError } from '../lib/api';

export function useAction(action: () => Promise<string | void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    setNotice('');
    try {
      setNotice((await action()) ?? '');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, notice, submit };
}
