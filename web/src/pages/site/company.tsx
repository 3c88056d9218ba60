// About the people and principles behind Coope.
export function Company() {
  return (
    <div class="page page-narrow prose">
      <h1>About Coope</h1>
      <p>
        We build Coope because meetings and documents belong together. Decisions made on a call should land in a page the
        whole team can find; a page under discussion should be one click from a call.
      </p>
      <h2>What we believe</h2>
      <ul>
        <li>
          <strong>Reliability is a feature.</strong> Calls survive server failures and reconnect on their own.
        </li>
        <li>
          <strong>Light software is kind software.</strong> Coope loads fast on modest laptops and phones.
        </li>
        <li>
          <strong>You own your work.</strong> Coope is open source and runs on your own servers if you like.
        </li>
      </ul>
      <h2>Contact</h2>
      <p>
        Questions or feedback? Send us a message through <a href="/support">support</a>; we answer every inquiry.
      </p>
    </div>
  );
}
