// Switches light/dark; the pick is remembered (lib/theme.ts).
import { effectiveTheme, toggleTheme } from '../lib/theme.js';
import { Icon } from './icon.js';

export function ThemeToggle() {
  const dark = effectiveTheme.value === 'dark';
  return (
    <button
      type="button"
      class="btn btn-ghost btn-icon"
      onClick={toggleTheme}
      aria-label={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      title={dark ? 'Light mode' : 'Dark mode'}
      data-testid="theme-toggle"
    >
      <Icon name={dark ? 'sun' : 'moon'} />
    </button>
  );
}
