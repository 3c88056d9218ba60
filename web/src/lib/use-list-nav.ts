// Arrow keys move a highlight through a list; Enter picks. For palettes and pickers.
import { useEffect, useState } from 'preact/hooks';

export function useListNav(count: number, onPick: (index: number) => void) {
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (active >= count) setActive(Math.max(0, count - 1));
  }, [count, active]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => (count === 0 ? 0 : (i + 1) % count));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (count === 0 ? 0 : (i - 1 + count) % count));
    } else if (e.key === 'Enter' && count > 0) {
      e.preventDefault();
      onPick(active);
    }
  };
  return { active, setActive, onKeyDown };
}
