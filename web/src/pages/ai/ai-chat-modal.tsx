// The assistant: history from the server, answers streamed in as they are written.
import { useEffect, useRef, useState } from 'preact/hooks';
import { type AiMessage, aiHistory, askAi, clearAiHistory } from '../../api/ai.js';
import { errorMessage } from '../../api/errors.js';
import { ErrorAlert } from '../../components/alert.js';
import { Modal } from '../../components/modal.js';
import { SkeletonLines } from '../../components/skeleton.js';
import { useResource } from '../../lib/use-resource.js';
import './ai.css';

interface Shown {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  streaming?: boolean;
}

function useAssistant() {
  const history = useResource((s) => aiHistory(s), []);
  const [messages, setMessages] = useState<Shown[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ctl = useRef<AbortController | null>(null);
  // History may arrive after a first question: put it above, never over, what is on screen.
  useEffect(() => {
    const past = history.data?.map((m: AiMessage): Shown => ({ id: m.id, role: m.role, content: m.content }));
    if (past) setMessages((now) => [...past.filter((p) => !now.some((n) => n.id === p.id)), ...now]);
  }, [history.data]);
  useEffect(() => () => ctl.current?.abort(), []);
  const ask = async (question: string) => {
    setBusy(true);
    setError(null);
    const answerId = `pending-${Date.now()}`;
    setMessages((m) => [...m, { id: `q-${answerId}`, role: 'user', content: question }, { id: answerId, role: 'assistant', content: '', streaming: true }]);
    const patch = (fn: (s: Shown) => Shown) => setMessages((m) => m.map((x) => (x.id === answerId ? fn(x) : x)));
    ctl.current = new AbortController();
    try {
      await askAi(
        question,
        {
          onDelta: (text) => patch((s) => ({ ...s, content: s.content + text })),
          onDone: (msg) => patch(() => ({ id: msg.id, role: 'assistant', content: msg.content })),
          onError: (text) => {
            setError(text);
            patch((s) => ({ ...s, streaming: false }));
          },
        },
        ctl.current.signal,
      );
    } catch (err) {
      setError(errorMessage(err));
      setMessages((m) => m.filter((x) => x.id !== answerId || x.content));
    } finally {
      setBusy(false);
    }
  };
  const clear = async () => {
    try {
      await clearAiHistory();
      setMessages([]);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return { history, messages, busy, error, ask, clear };
}

export function AiChatModal({ onClose }: { onClose(): void }) {
  const a = useAssistant();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [a.messages]);
  const submit = (e: Event) => {
    e.preventDefault();
    // The field itself: Enter can come before the re-render that carries the last keystrokes.
    const q = (input.current?.value ?? text).trim();
    if (!q || a.busy) return;
    setText('');
    if (input.current) input.current.value = '';
    void a.ask(q);
  };
  return (
    <Modal title="Assistant" onClose={onClose} wide>
      <div class="ai" data-testid="ai-chat">
        <div class="ai-log" ref={log} aria-live="polite">
          {a.history.loading && !a.history.data && <SkeletonLines lines={3} />}
          <ErrorAlert message={a.history.error} onRetry={a.history.reload} />
          {a.history.data && a.messages.length === 0 && <p class="faint">Ask anything about your work: summaries, drafts, ideas.</p>}
          {a.messages.map((m) => (
            <div key={m.id} class={`ai-msg ${m.role}`} data-testid={`ai-${m.role}`} data-streaming={String(!!m.streaming)}>
              {m.content || (m.streaming ? '…' : '')}
            </div>
          ))}
        </div>
        <ErrorAlert message={a.error} />
        <form class="row" onSubmit={submit} style={{ marginTop: '0.75rem' }}>
          <input ref={input} class="input" data-autofocus aria-label="Ask the assistant" placeholder="Ask the assistant…" maxLength={4000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <button type="submit" class="btn btn-primary" disabled={a.busy}>
            {a.busy ? 'Answering…' : 'Ask'}
          </button>
        </form>
        {a.messages.length > 0 && (
          <button type="button" class="btn btn-ghost btn-sm" style={{ marginTop: 6 }} onClick={() => void a.clear()}>
            Clear history
          </button>
        )}
      </div>
    </Modal>
  );
}
