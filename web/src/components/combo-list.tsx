// A filter box over a list of options for pickers and palettes: the combobox and listbox roles wired
// together, arrow keys move the highlight, Enter or a click picks.
import type { ComponentChild, ComponentChildren } from 'preact';
import { useListNav } from '../lib/use-list-nav.js';

interface ComboListProps<T> {
  query: string;
  onQuery(query: string): void;
  placeholder: string;
  inputLabel: string;
  listId: string;
  listLabel: string;
  /** Option i gets the id `${optionPrefix}-${i}`. */
  optionPrefix: string;
  items: T[];
  itemKey(item: T): string;
  renderItem(item: T): ComponentChild;
  onPick(index: number): void;
  /** Shown inside the list after the options (e.g. an empty state). */
  children?: ComponentChildren;
}

export function ComboList<T>(p: ComboListProps<T>) {
  const nav = useListNav(p.items.length, p.onPick);
  return (
    <>
      <input
        data-autofocus
        placeholder={p.placeholder}
        aria-label={p.inputLabel}
        value={p.query}
        onInput={(e) => p.onQuery(e.currentTarget.value)}
        onKeyDown={nav.onKeyDown}
        role="combobox"
        aria-expanded="true"
        aria-controls={p.listId}
        aria-activedescendant={p.items.length ? `${p.optionPrefix}-${nav.active}` : undefined}
      />
      <div class="options" id={p.listId} role="listbox" aria-label={p.listLabel}>
        {p.items.map((item, i) => (
          <div tabIndex={-1} id={`${p.optionPrefix}-${i}`} key={p.itemKey(item)} role="option" aria-selected={i === nav.active} onKeyDown={nav.onKeyDown} onMouseEnter={() => nav.setActive(i)} onClick={() => p.onPick(i)}>
            {p.renderItem(item)}
          </div>
        ))}
        {p.children}
      </div>
    </>
  );
}
