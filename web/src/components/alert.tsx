// Error and notice boxes; errors are announced to screen readers.
export function ErrorAlert({ message, onRetry }: { message: string | null | undefined; onRetry?: () => void }) {
  if (!message) return null;
  return (
    <div class="alert alert-error row-between" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" class="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
