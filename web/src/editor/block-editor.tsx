// The block editor component: TipTap over a Yjs document synced with /collab/:id.
import { Editor } from '@tiptap/core';
import { useEffect, useRef, useState } from 'preact/hooks';
import * as Y from 'yjs';
import { Icon } from '../components/icon.js';
import { CollabProvider, type CollabStatus } from './collab-provider.js';
import { moveBlock, type PickImage } from './commands.js';
import { editorExtensions, userColor } from './extensions.js';
import './editor.css';

export interface BlockEditorProps {
  docId: string;
  user: { id: string; name: string };
  editable: boolean;
  pickImage: PickImage;
  getToken(): string | null;
  refreshToken(): Promise<boolean>;
  onStatus?(status: CollabStatus, detail?: string): void;
  onPermissionDenied?(): void;
}

function collabUrl(docId: string, token: string | null): string {
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${proto}://${location.host}/collab/${encodeURIComponent(docId)}?token=${encodeURIComponent(token ?? '')}`;
}

/** Top offset of the block holding the cursor, relative to the editor box. */
function currentBlockTop(editor: Editor, box: HTMLElement): number | null {
  const { $from } = editor.state.selection;
  if ($from.depth < 1) return null;
  const dom = editor.view.nodeDOM($from.before(1));
  if (!(dom instanceof HTMLElement)) return null;
  return dom.getBoundingClientRect().top - box.getBoundingClientRect().top;
}

export function BlockEditor(props: BlockEditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const mount = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [blockTop, setBlockTop] = useState<number | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const ydoc = new Y.Doc();
    const provider = new CollabProvider(ydoc, {
      url: (token) => collabUrl(props.docId, token),
      getToken: () => latest.current.getToken(),
      refreshToken: () => latest.current.refreshToken(),
      onStatus: (s, d) => latest.current.onStatus?.(s, d),
      onPermissionDenied: () => latest.current.onPermissionDenied?.(),
    });
    const ed = new Editor({
      element: mount.current!,
      editable: latest.current.editable,
      extensions: editorExtensions({
        ydoc,
        provider,
        user: { name: props.user.name, color: userColor(props.user.id) },
        pickImage: () => latest.current.pickImage(),
      }),
      editorProps: { attributes: { class: 'prose-editor', 'aria-label': 'Page content', 'data-testid': 'editor' } },
    });
    const track = () => setBlockTop(ed.isEditable && ed.isFocused ? currentBlockTop(ed, box.current!) : null);
    ed.on('selectionUpdate', track);
    ed.on('focus', track);
    ed.on('blur', () => setTimeout(track, 150));
    setEditor(ed);
    return () => {
      ed.destroy();
      provider.destroy();
      ydoc.destroy();
      setEditor(null);
    };
  }, [props.docId, props.user.id, props.user.name]);

  useEffect(() => {
    editor?.setEditable(props.editable);
    if (!props.editable) setBlockTop(null);
  }, [editor, props.editable]);

  const move = (dir: -1 | 1) => {
    if (editor && moveBlock(editor, dir)) setBlockTop(currentBlockTop(editor, box.current!));
  };

  return (
    <div class="editor-box" ref={box} data-editable={String(props.editable)}>
      {blockTop !== null && (
        <div class="block-controls" style={{ top: blockTop }}>
          <button type="button" class="icon-btn" aria-label="Move block up" title="Move up (Alt+Shift+↑)" onMouseDown={(e) => e.preventDefault()} onClick={() => move(-1)}>
            <Icon name="up" size={14} />
          </button>
          <button type="button" class="icon-btn" aria-label="Move block down" title="Move down (Alt+Shift+↓)" onMouseDown={(e) => e.preventDefault()} onClick={() => move(1)}>
            <Icon name="down" size={14} />
          </button>
        </div>
      )}
      <div ref={mount} />
    </div>
  );
}
