// A user's picture, or their initials, with an optional online dot.
import { initials } from '../lib/format.js';

interface Props {
  name: string;
  url?: string | null;
  size?: 'sm' | 'lg';
  online?: boolean;
}

export function Avatar({ name, url, size, online }: Props) {
  return (
    <span class="avatar-wrap">
      <span class={`avatar${size === 'lg' ? ' avatar-lg' : ''}`} title={name}>
        {url ? <img src={url} alt="" /> : initials(name)}
      </span>
      {online !== undefined && (
        <span class="presence-dot" data-online={String(online)} role="img" aria-label={online ? 'online' : 'offline'} />
      )}
    </span>
  );
}
