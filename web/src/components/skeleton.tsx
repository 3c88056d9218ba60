// Placeholders shown while a screen loads.
export function Skeleton({ width = '100%', height = 14 }: { width?: string | number; height?: number }) {
  return <span class="skeleton" style={{ width, height }} aria-hidden="true" />;
}

export function SkeletonLines({ lines = 3 }: { lines?: number }) {
  return (
    <div class="stack" role="status" aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <Skeleton key={i} width={`${90 - ((i * 17) % 40)}%`} />
      ))}
    </div>
  );
}

export function SkeletonList({ rows = 5 }: { rows?: number }) {
  return (
    <ul class="list" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <li class="list-item" key={i}>
          <Skeleton width={32} height={32} />
          <div class="grow stack" style={{ gap: '6px' }}>
            <Skeleton width="45%" />
            <Skeleton width="70%" height={10} />
          </div>
        </li>
      ))}
    </ul>
  );
}

export function PageSkeleton() {
  return (
    <div class="page page-narrow">
      <Skeleton width="40%" height={28} />
      <div style={{ height: 20 }} />
      <SkeletonLines lines={6} />
    </div>
  );
}
