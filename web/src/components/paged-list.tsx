// An offset-paginated list: skeleton while the first page loads, the load error, an empty text,
// the rows, and previous / next links.
import type { ComponentChild, JSX } from 'preact';
import type { Page } from '../api/types.js';
import type { Resource } from '../lib/use-resource.js';
import { ErrorAlert } from './alert.js';
import { Pagination } from './pagination.js';
import { SkeletonList } from './skeleton.js';

interface PagedListProps<T> {
  list: Resource<Page<T>>;
  page: number;
  href(page: number): string;
  skeletonRows: number;
  empty: string;
  class?: string;
  style?: JSX.CSSProperties;
  row(item: T): ComponentChild;
}

export function PagedList<T>({ list, page, href, skeletonRows, empty, class: cls = 'list', style, row }: PagedListProps<T>) {
  return (
    <>
      {list.loading && !list.data && <SkeletonList rows={skeletonRows} />}
      <ErrorAlert message={list.error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <p class="faint">{empty}</p>}
      <ul class={cls} style={style}>
        {list.data?.items.map(row)}
      </ul>
      {list.data && <Pagination page={page} pageSize={list.data.pageSize} total={list.data.total} href={href} />}
    </>
  );
}
