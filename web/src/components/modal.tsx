// An accessible dialog: focus moves in, Tab stays inside, Escape and the backdrop close it.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Icon } from './icon.js';

interface Props {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  wide?: boolean;
  /** Hide the close button for choices that must be made (session conflict). */
  dismissable?: boolean;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

function trapTab(e: KeyboardEvent, box: HTMLElement): void {
  const items = [...box.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (items.length === 0) return;
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

export function Modal({ title, onClose, children, wide, dismissable = true }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  // Callers pass inline closures; keep the latest without re-running the focus effect.
  const close = useRef({ onClose, dismissable });
  close.current = { onClose, dismissable };
  // Layout effect: focus must land before the next keystroke (Ctrl-K, then typing at once).
  useLayoutEffect(() => {
    const bd = backdrop.current!;
    const onDown = (e: MouseEvent) => {
      if (close.current.dismissable && e.target === bd) close.current.onClose();
    };
    bd.addEventListener('mousedown', onDown);
    const previous = document.activeElement as HTMLElement | null;
    const el = box.current!;
    // The first field, not the header's close button.
    const first = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].find((x) => !x.closest('.modal-header'));
    (el.querySelector<HTMLElement>('[data-autofocus]') ?? first ?? el).focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && close.current.dismissable) {
        e.stopPropagation();
        close.current.onClose();
      } else if (e.key === 'Tab') trapTab(e, el);
    };
    el.addEventListener('keydown', onKey);
    return () => {
      bd.removeEventListener('mousedown', onDown);
      el.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, []);

  return (
    <div class="modal-backdrop" ref={backdrop}>
      <div class={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={box} tabIndex={-1}>
        <div class="modal-header">
          <h2>{title}</h2>
          {dismissable && (
            <button type="button" class="btn btn-ghost btn-icon" onClick={onClose} aria-label="Close">
              <Icon name="close" />
            </button>
          )}
        </div>
        {children}
      </div>
    </div>
  );
}
