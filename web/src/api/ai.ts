// AI chat (answers streamed as server-sent events) and meeting-notes jobs.
import { api, apiStream } from './http.js';
import type { AiMessage, NotesJob } from './types.js';
import { uploadFile } from './upload.js';

export type { AiMessage, NotesJob };

export const aiHistory = (signal?: AbortSignal) => api<AiMessage[]>('/ai/chat/history', { signal });
export const clearAiHistory = () => api<{ ok: true }>('/ai/chat/history', { method: 'DELETE' });

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Splits a text/event-stream into events (`event:` + `data:` lines, blank line between). */
export function parseSseBlock(block: string): SseEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  try {
    return { event, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}

export interface AskHandlers {
  onDelta(text: string): void;
  onDone(message: AiMessage): void;
  onError(message: string): void;
}

/** Asks the assistant; the answer arrives piece by piece. */
export async function askAi(message: string, h: AskHandlers, signal?: AbortSignal): Promise<void> {
  const res = await apiStream('/ai/chat', { body: { message }, signal });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const e = parseSseBlock(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      cut = buffer.indexOf('\n\n');
      if (!e) continue;
      const d = e.data as Record<string, unknown>;
      if (e.event === 'delta') h.onDelta(String(d.text ?? ''));
      else if (e.event === 'done') h.onDone(d.message as AiMessage);
      else if (e.event === 'error') h.onError(String(d.message ?? 'The assistant failed. Please try again.'));
    }
  }
}

export const createNotesJob = (workspaceId: string, title: string) => api<NotesJob>('/ai/notes', { body: { workspaceId, title } });
export const getNotesJob = (id: string, signal?: AbortSignal) => api<NotesJob>(`/ai/notes/${id}`, { signal });
export const uploadNotesChunk = (id: string, chunk: Blob, onProgress?: (f: number) => void) =>
  uploadFile<NotesJob>(`/ai/notes/${id}/chunks`, chunk, onProgress ? { onProgress } : {});
export const finishNotesJob = (id: string) => api<NotesJob>(`/ai/notes/${id}/finish`, { method: 'POST' });
export const retryNotesJob = (id: string) => api<NotesJob>(`/ai/notes/${id}/retry`, { method: 'POST' });
