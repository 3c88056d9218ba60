// The editor's extensions: blocks, to-dos, images, placeholder, Yjs collaboration with carets, slash menu.
import { type AnyExtension, Extension } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Image from '@tiptap/extension-image';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { Placeholder } from '@tiptap/extensions';
import StarterKit from '@tiptap/starter-kit';
import type * as Y from 'yjs';
import type { CollabProvider } from './collab-provider.js';
import { blockCommands, moveBlock, type PickImage } from './commands.js';
import { slashCommands } from './slash-menu.js';

const MoveBlocks = Extension.create({
  name: 'moveBlocks',
  addKeyboardShortcuts() {
    return {
      'Alt-Shift-ArrowUp': () => moveBlock(this.editor, -1),
      'Alt-Shift-ArrowDown': () => moveBlock(this.editor, 1),
    };
  },
});

export interface ExtensionOptions {
  ydoc: Y.Doc;
  provider: CollabProvider;
  user: { name: string; color: string };
  pickImage: PickImage;
}

export function editorExtensions(o: ExtensionOptions): AnyExtension[] {
  return [
    // Yjs keeps the history; ProseMirror's own undo would fight it.
    StarterKit.configure({ undoRedo: false, link: { openOnClick: false } }),
    TaskList,
    TaskItem.configure({ nested: true }),
    Image.configure({ inline: false }),
    Placeholder.configure({
      placeholder: ({ node }) => (node.type.name === 'heading' ? 'Heading' : "Type '/' for blocks"),
    }),
    Collaboration.configure({ document: o.ydoc, field: 'default' }),
    CollaborationCaret.configure({ provider: o.provider, user: o.user }),
    MoveBlocks,
    slashCommands(blockCommands(o.pickImage)),
  ];
}

const COLORS = ['#e5484d', '#f76b15', '#ffb224', '#30a46c', '#12a594', '#0090ff', '#6e56cf', '#d6409f'];

/** A stable caret color per user. */
export function userColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}
