// Under a form: what went wrong (an alert) or what was done (a status). Both regions are always there, so
// a screen reader already knows them when a message is written into one (an empty one takes no room).
export function FormOutcome({ error, notice }: { error: string; notice: string }) {
  return (
    <>
      <p class="form-error" role="alert">
        {error}
      </p>
      <p class="notice" role="status">
        {notice}
      </p>
    </>
  );
}
