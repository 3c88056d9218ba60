// The footer of site pages.
export function SiteFooter() {
  return (
    <footer class="site-footer">
      <div class="inner">
        <span>© {new Date().getFullYear()} Coope. Open source, made for teams.</span>
        <nav aria-label="Footer">
          <a href="/intro">Intro</a>
          <a href="/company">Company</a>
          <a href="/faq">FAQ</a>
          <a href="/notices">Notices</a>
          <a href="/support">Support</a>
          <a href="/terms">Terms</a>
          <a href="/privacy">Privacy</a>
        </nav>
      </div>
    </footer>
  );
}
