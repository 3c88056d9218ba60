// The "/" menu: a TipTap suggestion whose list is drawn by Preact next to the caret.
import { Extension } from '@tiptap/core';
import { PluginKey } from '@tiptap/pm/state';
import Suggestion, { type SuggestionKeyDownProps, type SuggestionProps } from '@tiptap/suggestion';
import { render } from 'preact';
import { type BlockCommand, filterCommands } from './commands.js';

type Props = SuggestionProps<BlockCommand, BlockCommand>;

function Menu({ items, active, onPick }: { items: BlockCommand[]; active: number; onPick(i: number): void }) {
  return (
    <div class="slash-menu" role="listbox" aria-label="Insert block" data-testid="slash-menu">
      {items.length === 0 && <div class="slash-empty">No matching blocks</div>}
      {items.map((c, i) => (
        <button
          type="button"
          key={c.id}
          role="option"
          aria-selected={i === active}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(i);
          }}
        >
          <strong>{c.title}</strong>
          <span>{c.hint}</span>
        </button>
      ))}
    </div>
  );
}

function menuRenderer() {
  const host = document.createElement('div');
  host.className = 'slash-host';
  let props: Props | null = null;
  let active = 0;
  const draw = () => {
    if (!props) return;
    const rect = props.clientRect?.();
    if (rect) {
      host.style.left = `${Math.min(rect.left, window.innerWidth - 280)}px`;
      host.style.top = `${rect.bottom + 6}px`;
    }
    const p = props;
    render(<Menu items={p.items} active={active} onPick={(i) => p.items[i] && p.command(p.items[i])} />, host);
  };
  return {
    onStart(p: Props) {
      props = p;
      active = 0;
      document.body.appendChild(host);
      draw();
    },
    onUpdate(p: Props) {
      props = p;
      active = Math.min(active, Math.max(0, p.items.length - 1));
      draw();
    },
    onKeyDown({ event }: SuggestionKeyDownProps): boolean {
      if (!props) return false;
      const n = props.items.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        active = n === 0 ? 0 : (active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        draw();
        return true;
      }
      if (event.key === 'Enter') {
        const item = props.items[active];
        if (item) props.command(item);
        return true;
      }
      return event.key === 'Escape';
    },
    onExit() {
      props = null;
      render(null, host);
      host.remove();
    },
  };
}

export function slashCommands(commands: BlockCommand[]) {
  return Extension.create({
    name: 'slashCommands',
    addProseMirrorPlugins() {
      return [
        Suggestion<BlockCommand, BlockCommand>({
          editor: this.editor,
          pluginKey: new PluginKey('slashCommands'),
          char: '/',
          items: ({ query }) => filterCommands(commands, query),
          command: ({ editor, range, props }) => props.run(editor, range),
          render: menuRenderer,
        }),
      ];
    },
  });
}
