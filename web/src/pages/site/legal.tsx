// Terms of service and privacy policy.
export function Terms() {
  return (
    <div class="page page-narrow prose">
      <h1>Terms of service</h1>
      <p class="faint">Last updated: January 2025</p>
      <h2>Using Coope</h2>
      <p>You may use Coope to meet, write and chat with others. Do not use it to break the law or to harm other people.</p>
      <h2>Your content</h2>
      <p>
        You keep the rights to what you write, record and upload. You give us permission to store and process it only to run
        the service for you.
      </p>
      <h2>Accounts</h2>
      <p>Keep your password safe. You are responsible for what happens under your account.</p>
      <h2>Availability</h2>
      <p>We work hard to keep Coope running, but we provide it "as is", without warranties.</p>
    </div>
  );
}

export function Privacy() {
  return (
    <div class="page page-narrow prose">
      <h1>Privacy policy</h1>
      <p class="faint">Last updated: January 2025</p>
      <h2>What we collect</h2>
      <p>Your name, email address and avatar; the documents, messages and recordings you create; and basic service logs.</p>
      <h2>How we use it</h2>
      <p>Only to provide Coope: to show your workspace, deliver messages, connect calls and produce the summaries you ask for.</p>
      <h2>Sharing</h2>
      <p>We never sell your data. Audio you send to the meeting recorder is processed by the AI provider configured by the operator.</p>
      <h2>Your choices</h2>
      <p>You can edit your profile at any time, and ask support to delete your account and data.</p>
    </div>
  );
}

export function NotFound() {
  return (
    <div class="page page-narrow" style={{ textAlign: 'center', paddingTop: '5rem' }}>
      <h1>Page not found</h1>
      <p class="muted">The page you are looking for does not exist or was moved.</p>
      <a href="/" class="btn">
        Go home
      </a>
    </div>
  );
}
