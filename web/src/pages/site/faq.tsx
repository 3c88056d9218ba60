// Frequently asked questions, as native disclosure widgets (keyboard friendly).
const faqs = [
  ['Is Coope free?', 'Yes. Coope is open source; you can use the hosted version or run it on your own servers.'],
  ['How many people can join a call?', 'Calls scale across several media servers. Video quality adapts to each tile size, so large meetings stay smooth.'],
  ['What happens if my connection drops during a call?', 'Coope shows "Reconnecting" and resumes the call by itself, usually within a couple of seconds. You do not need to click anything.'],
  ['Can I join the same call from my phone and my laptop?', 'When you join from a second device, the first one asks whether to keep the call there or move it to the new device.'],
  ['Who can see my documents?', 'Only members of your workspace. Owners manage members; editors can write; viewers can read but not change pages.'],
  ['How does the meeting recorder work?', 'It records your microphone, uploads the audio in pieces, transcribes it and writes a summary as a new page in your workspace.'],
  ['Can I use Coope in dark mode?', 'Yes. Coope follows your system setting; the moon/sun button in the top bar switches it and remembers your choice.'],
] as const;

export function Faq() {
  return (
    <div class="page page-narrow">
      <h1>Frequently asked questions</h1>
      <div class="faq">
        {faqs.map(([q, a]) => (
          <details key={q}>
            <summary>{q}</summary>
            <p>{a}</p>
          </details>
        ))}
      </div>
      <p style={{ marginTop: '2rem' }} class="muted">
        Still stuck? <a href="/support/new">Ask our support team</a>.
      </p>
    </div>
  );
}
