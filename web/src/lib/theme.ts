// Dark mode: follows the system until the user picks a theme, then remembers the pick.
import { signal } from '@preact/signals';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'coope.theme';

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

export const themeChoice = signal<ThemeChoice>(readChoice());
/** The theme actually shown. */
export const effectiveTheme = signal<'light' | 'dark'>('light');

function apply(): void {
  const dark = themeChoice.value === 'dark' || (themeChoice.value === 'system' && media?.matches === true);
  effectiveTheme.value = dark ? 'dark' : 'light';
  document.documentElement.dataset.theme = effectiveTheme.value;
  document.documentElement.style.colorScheme = effectiveTheme.value;
}

export function setTheme(choice: ThemeChoice): void {
  themeChoice.value = choice;
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Private mode: the choice lasts for this tab only.
  }
  apply();
}

/** Flips between light and dark, starting from what is shown now. */
export function toggleTheme(): void {
  setTheme(effectiveTheme.value === 'dark' ? 'light' : 'dark');
}

export function initTheme(): void {
  apply();
  media?.addEventListener('change', apply);
}
