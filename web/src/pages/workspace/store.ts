// The open workspace: its row, its documents (the tree), and the edits the sidebar makes.
import { computed, signal } from '@preact/signals';
import * as docsApi from '../../api/documents.js';
import { errorMessage } from '../../api/errors.js';
import type { DocumentSummary, Workspace } from '../../api/types.js';
import { getWorkspace } from '../../api/workspaces.js';

export const workspace = signal<Workspace | null>(null);
export const documents = signal<DocumentSummary[]>([]);
export const docsLoading = signal(true);
export const docsError = signal<string | null>(null);

/** Bumped when a page goes to the trash, so an open trash view reloads. */
export const trashTick = signal(0);

/** Bumped when an invite is created anywhere, so lists of pending invites reload. */
export const inviteTick = signal(0);

export const canEdit = computed(() => workspace.value !== null && workspace.value.role !== 'viewer');
export const isOwner = computed(() => workspace.value?.role === 'owner');

export interface TreeNode {
  doc: DocumentSummary;
  children: TreeNode[];
}

/** Builds the nested tree; orphans (parent archived or missing) show at the top level. */
export function buildTree(docs: DocumentSummary[]): TreeNode[] {
  const nodes = new Map(docs.map((d) => [d.id, { doc: d, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.doc.parentId ? nodes.get(node.doc.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => a.doc.createdAt.localeCompare(b.doc.createdAt));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

export const tree = computed(() => buildTree(documents.value));

/** Ids of a document and everything under it (a page cannot move into its own subtree). */
export function subtreeIds(docs: DocumentSummary[], rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of docs) {
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return ids;
}

const LAST_KEY = 'coope.lastWorkspace';

export function lastWorkspaceId(): string | null {
  try {
    return localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}

function rememberWorkspace(id: string): void {
  try {
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // Not remembered; /w opens the first workspace instead.
  }
}

export async function openWorkspace(id: string): Promise<void> {
  if (workspace.value?.id !== id) {
    workspace.value = null;
    documents.value = [];
  }
  docsLoading.value = true;
  docsError.value = null;
  try {
    const [ws, docs] = await Promise.all([getWorkspace(id), docsApi.listDocuments(id)]);
    workspace.value = ws;
    documents.value = docs;
    rememberWorkspace(ws.id);
  } catch (err) {
    docsError.value = errorMessage(err);
  } finally {
    docsLoading.value = false;
  }
}

export async function reloadDocuments(): Promise<void> {
  const ws = workspace.value;
  if (ws) documents.value = await docsApi.listDocuments(ws.id);
}

export function patchLocal(doc: Pick<DocumentSummary, 'id'> & Partial<DocumentSummary>): void {
  documents.value = documents.value.map((d) => (d.id === doc.id ? { ...d, ...doc } : d));
}

export async function createPage(parentId: string | null, title = ''): Promise<DocumentSummary> {
  const doc = await docsApi.createDocument(workspace.value!.id, { title, parentId });
  documents.value = [...documents.value, doc];
  return doc;
}

const titleTimers = new Map<string, ReturnType<typeof setTimeout>>();

/** Title typing: shown at once, saved once the user pauses. */
export function scheduleTitleSave(id: string, title: string, onError: (err: unknown) => void): void {
  patchLocal({ id, title });
  clearTimeout(titleTimers.get(id));
  titleTimers.set(
    id,
    setTimeout(() => {
      titleTimers.delete(id);
      docsApi.updateDocument(id, { title: title.trim() }).then(patchLocal, onError);
    }, 400),
  );
}

export async function renamePage(id: string, title: string): Promise<void> {
  // A rename from the sidebar wins over a title save still waiting to go out.
  clearTimeout(titleTimers.get(id));
  titleTimers.delete(id);
  patchLocal(await docsApi.updateDocument(id, { title }));
}

export async function movePage(id: string, parentId: string | null): Promise<void> {
  patchLocal(await docsApi.updateDocument(id, { parentId }));
}

/** Archives a page and its subtree (the api does the same). */
export async function archivePage(id: string): Promise<void> {
  await docsApi.archiveDocument(id);
  const gone = subtreeIds(documents.value, id);
  documents.value = documents.value.filter((d) => !gone.has(d.id));
  trashTick.value++;
}
