/** A page's error line: shown only while there is one, announced to screen readers as an alert. */
export function PageError({ message }: { message: string | undefined | null }) {
  if (!message) return null;
  return (
    <div className="page-error" role="alert">
      {message}
    </div>
  );
}
