// A dropdown menu's open state: its button toggles it, and the next click anywhere closes it.
import { useEffect, useState } from 'preact/hooks';

export interface PopupMenu {
  open: boolean;
  /** For the menu's button: keeps its own click from reaching the close-on-click listener. */
  toggle(e: Event): void;
}

export function usePopupMenu(): PopupMenu {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = () => setOpen(false);
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, [open]);
  const toggle = (e: Event) => {
    e.stopPropagation();
    setOpen(!open);
  };
  return { open, toggle };
}
