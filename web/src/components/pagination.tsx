// Previous / next page links for offset-paginated lists.
export function Pagination({ page, pageSize, total, href }: { page: number; pageSize: number; total: number; href(page: number): string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a class="btn btn-sm" href={href(page - 1)} rel="prev">
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span class="faint">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a class="btn btn-sm" href={href(page + 1)} rel="next">
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

export function pageParam(query: Record<string, string>): number {
  const n = Number(query.page);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
