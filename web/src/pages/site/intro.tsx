// What Coope is and how a team uses it.
export function Intro() {
  return (
    <div class="page page-narrow prose">
      <h1>How Coope works</h1>
      <p>Coope is one app for the three things a team does all day: talk, write and keep in touch.</p>
      <h2>1. Create a workspace</h2>
      <p>
        Sign up and you get a workspace of your own. Invite teammates as owners, editors or viewers. Pages nest inside each
        other, so a project can hold its meeting notes, specs and checklists in one tree.
      </p>
      <h2>2. Write together</h2>
      <p>
        Type <code>/</code> in any page to add headings, lists, to-dos, quotes, code or images. Everyone editing the page sees
        each other's cursor and changes as they happen. Press <kbd>Ctrl</kbd>+<kbd>K</kbd> to jump to any page.
      </p>
      <h2>3. Meet</h2>
      <p>
        Start a meeting from your workspace or call a friend directly. Share your screen, pick your camera and microphone,
        and let the meeting recorder turn the conversation into a summary page.
      </p>
      <h2>4. Stay in touch</h2>
      <p>Add friends, see who is online and chat one-to-one. Messages arrive live and wait for you when you are away.</p>
      <p>
        <a href="/signup" class="btn btn-primary">
          Create your account
        </a>
      </p>
    </div>
  );
}
