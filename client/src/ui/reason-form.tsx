// A small inline form that asks for a reason (report, remove, ban) and optionally one checkbox.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/api';

interface Props {
  id: string;
  /** Text or markup (a name in it sits in <bdi>). */
  label: ComponentChildren;
  submitLabel: ComponentChildren;
  required?: boolean;
  checkbox?: string;
  onSubmit(reason: string, checked: boolean): Promise<unknown>;
  onCancel(): void;
}

export function ReasonForm(props: Props) {
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  // The attribute `autofocus` acts on page load only: a form opened later is focused here.
  useEffect(() => inputRef.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await props.onSubmit(reason.trim(), checked);
      props.onCancel();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
        required={props.required}
        maxLength={500}
        ref={inputRef}
      />
      {props.checkbox && (
        <label class="check">
          <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} />{' '}
          {props.checkbox}
        </label>
      )}
      <div class="composer-buttons">
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
      <p class="form-error" role="alert">
        {error}
      </p>
    </form>
  );
}
