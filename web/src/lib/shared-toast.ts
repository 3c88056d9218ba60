// The toast for a page someone shared with me (the `document.shared` user event).
import type { DocumentSharedEvent } from '../api/types.js';

export function sharedToastText(e: Pick<DocumentSharedEvent, 'title' | 'sharedBy'>): string {
  return `${e.sharedBy.name} shared “${e.title.trim() || 'Untitled'}” with you`;
}
