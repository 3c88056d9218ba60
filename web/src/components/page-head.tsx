// A screen's title with its main action on the right.
import type { ComponentChildren } from 'preact';

export function PageHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="row-between" style={{ marginBottom: '1rem' }}>
      <h1 style={{ margin: 0 }}>{title}</h1>
      {children}
    </div>
  );
}
