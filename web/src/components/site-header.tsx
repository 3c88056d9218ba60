// The top bar: brand, main links (a menu on phones), theme toggle and the account menu.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { currentUser, isAdmin, logout } from '../api/session.js';
import { usePopupMenu } from '../lib/use-popup-menu.js';
import { totalUnread } from '../realtime/unread.js';
import { openAssistant } from './ai-launcher.js';
import { Avatar } from './avatar.js';
import { Icon } from './icon.js';
import { ThemeToggle } from './theme-toggle.js';

function NavLink({ href, label, badge }: { href: string; label: string; badge?: number }) {
  const { path } = useLocation();
  const active = path === href || (href !== '/' && path.startsWith(`${href}/`));
  return (
    <a href={href} aria-current={active ? 'page' : undefined}>
      {label}
      {badge ? (
        <span class="badge" style={{ marginLeft: 6 }} data-testid="nav-unread">
          {badge}
        </span>
      ) : null}
    </a>
  );
}

function UserMenu() {
  const { open, toggle } = usePopupMenu();
  const { route } = useLocation();
  const user = currentUser.value!;
  return (
    <div class="user-menu">
      <button
        type="button"
        class="btn btn-ghost"
        style={{ padding: '0 6px' }}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Account menu"
        onClick={toggle}
      >
        <Avatar name={user.name} url={user.avatarUrl} />
      </button>
      {open && (
        <div class="dropdown" role="menu">
          <div class="faint" style={{ padding: '6px 10px' }}>
            {user.email ?? user.name}
          </div>
          <a href="/profile" role="menuitem">
            Profile
          </a>
          <a href="/support" role="menuitem">
            Support
          </a>
          {isAdmin.value && (
            <a href="/admin/inquiries" role="menuitem">
              Admin: inquiries
            </a>
          )}
          <button type="button" role="menuitem" onClick={() => void logout().finally(() => route('/'))}>
            Log out
          </button>
        </div>
      )}
    </div>
  );
}

export function SiteHeader() {
  const [menuOpen, setMenuOpen] = useState(false);
  const { url } = useLocation();
  useEffect(() => setMenuOpen(false), [url]);
  const user = currentUser.value;
  return (
    <header class="site-header">
      <button
        type="button"
        class="btn btn-ghost btn-icon menu-button"
        aria-label="Menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        <Icon name={menuOpen ? 'close' : 'menu'} />
      </button>
      <a href="/" class="brand">
        <span class="brand-mark">C</span>
        <span>Coope</span>
      </a>
      <nav class="nav" data-open={String(menuOpen)} aria-label="Main">
        {user ? (
          <>
            <NavLink href="/w" label="Workspace" />
            <NavLink href="/people" label="People" badge={totalUnread.value} />
          </>
        ) : (
          <>
            <NavLink href="/intro" label="Intro" />
            <NavLink href="/company" label="Company" />
          </>
        )}
        <NavLink href="/notices" label="Notices" />
        <NavLink href="/faq" label="FAQ" />
      </nav>
      <span class="header-spacer show-mobile" />
      <div class="header-actions">
        {user && (
          <button type="button" class="btn btn-ghost btn-icon" aria-label="Open the assistant" title="Assistant" onClick={openAssistant} data-testid="open-ai">
            <Icon name="sparkles" />
          </button>
        )}
        <ThemeToggle />
        {user ? (
          <UserMenu />
        ) : (
          <>
            <a href="/login" class="btn btn-ghost hide-mobile">
              Log in
            </a>
            <a href="/signup" class="btn btn-primary">
              Sign up
            </a>
          </>
        )}
      </div>
    </header>
  );
}
