// The landing page: hero, a glimpse of the product, and features.
import { currentUser } from '../../api/session.js';
import { Icon, type IconName } from '../../components/icon.js';

const features: { icon: IconName; title: string; text: string }[] = [
  { icon: 'video', title: 'Meetings that hold up', text: 'Crystal-clear calls with screen sharing and smart video layers. If a server fails, your call reconnects on its own.' },
  { icon: 'doc', title: 'Docs you write together', text: 'Nested pages, a block editor with slash commands, and live co-editing with everyone\'s cursor in view.' },
  { icon: 'chat', title: 'Friends and chat', text: 'Add the people you work with, see who is online, and message them live — on desktop or phone.' },
  { icon: 'sparkles', title: 'AI that takes notes', text: 'Record a meeting and get a summary as a new page, or ask the assistant anything about your work.' },
  { icon: 'users', title: 'Yours to run', text: 'Open source and self-hostable. Roles for owners, editors and viewers keep every page where it belongs.' },
  { icon: 'moon', title: 'Comfortable everywhere', text: 'Light and dark themes, keyboard shortcuts like Ctrl-K search, and layouts that fit a phone.' },
];

export function Landing() {
  const signedIn = currentUser.value !== null;
  return (
    <>
      <section class="hero">
        <h1>Meet, write and decide — in one place.</h1>
        <p class="lead">
          Coope puts video meetings next to a shared workspace of documents, so the conversation and the notes never drift
          apart.
        </p>
        <div class="cta">
          {signedIn ? (
            <a href="/w" class="btn btn-primary btn-lg">
              Open your workspace
            </a>
          ) : (
            <>
              <a href="/signup" class="btn btn-primary btn-lg">
                Get started — it's free
              </a>
              <a href="/intro" class="btn btn-lg">
                See how it works
              </a>
            </>
          )}
        </div>
        <div class="hero-visual" aria-hidden="true">
          <div class="mock-doc">
            <strong class="row">
              <Icon name="doc" /> Weekly planning
            </strong>
            <div class="mock-line" style={{ width: '80%' }} />
            <div class="mock-line" style={{ width: '65%' }} />
            <div class="mock-line" style={{ width: '90%' }} />
            <div class="mock-line" style={{ width: '40%' }} />
            <div class="mock-line" style={{ width: '72%' }} />
          </div>
          <div class="mock-call">
            <div class="mock-tile speaking">Ana</div>
            <div class="mock-tile">Ben</div>
            <div class="mock-tile">Chloé</div>
            <div class="mock-tile">You</div>
          </div>
        </div>
      </section>
      <section class="features" aria-label="Features">
        {features.map((f) => (
          <div class="feature" key={f.title}>
            <div class="icon">
              <Icon name={f.icon} size={20} />
            </div>
            <h3>{f.title}</h3>
            <p>{f.text}</p>
          </div>
        ))}
      </section>
    </>
  );
}
