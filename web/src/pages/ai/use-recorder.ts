// Meeting recorder: the microphone through MediaRecorder, chunks uploaded one by one as they come,
// then the job is finished and followed until its summary document exists.
import { useEffect, useRef, useState } from 'preact/hooks';
import { createNotesJob, finishNotesJob, getNotesJob, type NotesJob, retryNotesJob, uploadNotesChunk } from '../../api/ai.js';
import { errorMessage } from '../../api/errors.js';
import { onUserEvent } from '../../realtime/user-events.js';

export type RecorderPhase = 'idle' | 'recording' | 'finishing' | 'processing' | 'done' | 'failed';
const CHUNK_MS = 5000;

function pickMime(): string | undefined {
  return ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find((t) => MediaRecorder.isTypeSupported(t));
}

export function useRecorder() {
  const [phase, setPhase] = useState<RecorderPhase>('idle');
  const [job, setJob] = useState<NotesJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [uploaded, setUploaded] = useState({ chunks: 0, pending: 0, current: 0 });
  const rec = useRef<MediaRecorder | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const jobId = useRef<string | null>(null);

  const upload = (blob: Blob) => {
    if (!blob.size || !jobId.current) return;
    const id = jobId.current;
    setUploaded((u) => ({ ...u, pending: u.pending + 1 }));
    queue.current = queue.current.then(async () => {
      try {
        setJob(await uploadNotesChunk(id, blob, (f) => setUploaded((u) => ({ ...u, current: f }))));
        setUploaded((u) => ({ chunks: u.chunks + 1, pending: u.pending - 1, current: 0 }));
      } catch (err) {
        setError(`A piece of the recording failed to upload: ${errorMessage(err)}`);
        setUploaded((u) => ({ ...u, pending: u.pending - 1 }));
      }
    });
  };

  const start = async (workspaceId: string, title: string) => {
    setError(null);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const created = await createNotesJob(workspaceId, title);
      jobId.current = created.id;
      setJob(created);
      const mime = pickMime();
      const r = new MediaRecorder(stream, mime ? { mimeType: mime } : undefined);
      r.ondataavailable = (e) => upload(e.data);
      r.start(CHUNK_MS);
      rec.current = r;
      setElapsed(0);
      setPhase('recording');
    } catch (err) {
      const name = (err as { name?: string }).name;
      setError(name === 'NotAllowedError' ? 'Coope is not allowed to use your microphone.' : errorMessage(err));
    }
  };

  const stop = async () => {
    const r = rec.current;
    if (!r) return;
    setPhase('finishing');
    const stopped = new Promise((resolve) => r.addEventListener('stop', resolve, { once: true }));
    r.stop();
    for (const t of r.stream.getTracks()) t.stop();
    await stopped;
    await queue.current;
    try {
      setJob(await finishNotesJob(jobId.current!));
      setPhase('processing');
    } catch (err) {
      setError(errorMessage(err));
      setPhase('failed');
    }
  };

  const retry = async () => {
    setError(null);
    try {
      setJob(await retryNotesJob(jobId.current!));
      setPhase('processing');
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  useEffect(() => {
    if (phase !== 'recording') return;
    const t = setInterval(() => setElapsed((s) => s + 1), 1000);
    return () => clearInterval(t);
  }, [phase]);

  // Follow the job: live events when they come, polling as the fallback.
  useEffect(() => {
    if (phase !== 'processing' || !jobId.current) return;
    const id = jobId.current;
    const check = async () => {
      try {
        const j = await getNotesJob(id);
        setJob(j);
        if (j.status === 'done') setPhase('done');
        if (j.status === 'failed') {
          setError(j.error ?? 'Transcription failed.');
          setPhase('failed');
        }
      } catch {
        // Transient: the next tick asks again.
      }
    };
    const t = setInterval(() => void check(), 1500);
    const off = onUserEvent('notes.job', (e) => {
      if (e.jobId === id) void check();
    });
    void check();
    return () => {
      clearInterval(t);
      off();
    };
  }, [phase]);

  useEffect(
    () => () => {
      for (const t of rec.current?.stream.getTracks() ?? []) t.stop();
    },
    [],
  );

  return { phase, job, error, elapsed, uploaded, start, stop, retry };
}
