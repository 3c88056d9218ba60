// The block types the slash menu offers, and moving a block up or down.
import type { Editor, Range } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

export interface BlockCommand {
  id: string;
  title: string;
  hint: string;
  keywords: string[];
  run(editor: Editor, range: Range): void;
}

/** Set by the page: asks for an image and answers its URL (upload), or null when cancelled. */
export type PickImage = () => Promise<string | null>;

export function blockCommands(pickImage: PickImage): BlockCommand[] {
  const chain = (e: Editor, r: Range) => e.chain().focus().deleteRange(r);
  return [
    { id: 'text', title: 'Text', hint: 'Plain paragraph', keywords: ['paragraph', 'p'], run: (e, r) => chain(e, r).setParagraph().run() },
    { id: 'h1', title: 'Heading 1', hint: 'Big section heading', keywords: ['title', 'h1'], run: (e, r) => chain(e, r).setHeading({ level: 1 }).run() },
    { id: 'h2', title: 'Heading 2', hint: 'Medium heading', keywords: ['subtitle', 'h2'], run: (e, r) => chain(e, r).setHeading({ level: 2 }).run() },
    { id: 'h3', title: 'Heading 3', hint: 'Small heading', keywords: ['h3'], run: (e, r) => chain(e, r).setHeading({ level: 3 }).run() },
    { id: 'bullet', title: 'Bulleted list', hint: 'A simple list', keywords: ['ul', 'unordered', 'list'], run: (e, r) => chain(e, r).toggleBulletList().run() },
    { id: 'numbered', title: 'Numbered list', hint: 'A list with numbers', keywords: ['ol', 'ordered'], run: (e, r) => chain(e, r).toggleOrderedList().run() },
    { id: 'todo', title: 'To-do list', hint: 'Track tasks', keywords: ['task', 'checkbox', 'check'], run: (e, r) => chain(e, r).toggleTaskList().run() },
    { id: 'quote', title: 'Quote', hint: 'Capture a quote', keywords: ['blockquote', 'citation'], run: (e, r) => chain(e, r).toggleBlockquote().run() },
    { id: 'code', title: 'Code', hint: 'A code block', keywords: ['pre', 'snippet'], run: (e, r) => chain(e, r).toggleCodeBlock().run() },
    { id: 'divider', title: 'Divider', hint: 'A horizontal line', keywords: ['hr', 'rule', 'separator'], run: (e, r) => chain(e, r).setHorizontalRule().run() },
    {
      id: 'image',
      title: 'Image',
      hint: 'Upload a picture',
      keywords: ['picture', 'photo', 'img'],
      run: (e, r) => {
        chain(e, r).run();
        void pickImage().then((src) => {
          if (src) e.chain().focus().setImage({ src }).run();
        });
      },
    },
  ];
}

export function filterCommands(all: BlockCommand[], query: string): BlockCommand[] {
  const q = query.trim().toLowerCase();
  if (!q) return all;
  return all.filter((c) => c.title.toLowerCase().includes(q) || c.keywords.some((k) => k.startsWith(q)));
}

/** Swaps the top-level block holding the cursor with its neighbour. Returns false at the edge. */
export function moveBlock(editor: Editor, dir: -1 | 1): boolean {
  const { state } = editor;
  const $from = state.selection.$from;
  if ($from.depth < 1) return false;
  const index = $from.index(0);
  const doc = state.doc;
  const target = index + dir;
  if (target < 0 || target >= doc.childCount) return false;
  const node = doc.child(index);
  const start = $from.before(1);
  const offsetInBlock = state.selection.from - start;
  const tr = state.tr.delete(start, start + node.nodeSize);
  let insertAt = 0;
  for (let i = 0; i < target; i++) insertAt += tr.doc.child(i).nodeSize;
  tr.insert(insertAt, node);
  tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(insertAt + offsetInBlock, tr.doc.content.size))));
  editor.view.dispatch(tr.scrollIntoView());
  return true;
}
