// Opens the assistant or the meeting recorder from anywhere; their code loads on first use.
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { toast } from './toasts.js';

type Open = { kind: 'ai' } | { kind: 'recorder'; workspaceId?: string | undefined } | null;
export const aiOpen = signal<Open>(null);

export const openAssistant = () => {
  aiOpen.value = { kind: 'ai' };
};
export const openRecorder = (workspaceId?: string) => {
  aiOpen.value = { kind: 'recorder', workspaceId };
};

interface Loaded {
  AiChatModal: ComponentType<{ onClose(): void }>;
  RecorderModal: ComponentType<{ workspaceId?: string | undefined; onClose(): void }>;
}

export function AiHost() {
  const open = aiOpen.value;
  const [mod, setMod] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!open || mod) return;
    import('../pages/ai/index.js').then(setMod, () => {
      toast('The assistant could not be loaded. Check your connection.', 'error');
      aiOpen.value = null;
    });
  }, [open, mod]);
  if (!open || !mod) return null;
  const close = () => {
    aiOpen.value = null;
  };
  return open.kind === 'ai' ? <mod.AiChatModal onClose={close} /> : <mod.RecorderModal workspaceId={open.workspaceId} onClose={close} />;
}
