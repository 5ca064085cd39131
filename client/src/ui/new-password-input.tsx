// The field for a new password, the same on the account page and the reset page: the browser offers to
// generate one, and the length rules are the server's own.
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../shared/text';

interface Props {
  id: string;
  value: string;
  onInput(value: string): void;
}

export function NewPasswordInput({ id, value, onInput }: Props) {
  return (
    <input
      id={id}
      type="password"
      autoComplete="new-password"
      value={value}
      onInput={(e) => onInput(e.currentTarget.value)}
      required
      minLength={PASSWORD_MIN}
      maxLength={PASSWORD_MAX}
    />
  );
}
