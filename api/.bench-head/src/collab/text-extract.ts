// Plain text of a Yjs document for full-text search: the TipTap/ProseMirror fragment "default"
// plus any other top-level Y.Text or Y.XmlFragment. Maps and unknown shapes are skipped.
import * as Y from 'yjs';

function deltaText(text: Y.Text | Y.XmlText): string {
  let out = '';
  for (const op of text.toDelta() as { insert?: unknown }[]) {
    if (typeof op.insert === 'string') out += op.insert;
  }
  return out;
}

function xmlText(node: Y.XmlFragment | Y.XmlElement, blocks: string[]): void {
  let inline = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) {
      inline += deltaText(child);
    } else if (child instanceof Y.XmlElement) {
      if (inline) blocks.push(inline);
      inline = '';
      xmlText(child, blocks);
    }
  }
  if (inline) blocks.push(inline);
}

type TopLevelShape = 'text' | 'xml' | 'other';

/** A top-level type decoded from an update is untyped until first accessed; its first item tells its shape. */
function shapeOf<T>(type: Y.AbstractType<T>): TopLevelShape {
  if (type instanceof Y.Text) return 'text';
  if (type instanceof Y.XmlFragment) return 'xml';
  if (type instanceof Y.Map || type instanceof Y.Array) return 'other';
  for (let item = type._start; item !== null; item = item.right) {
    const content = item.content;
    if (content instanceof Y.ContentString || content instanceof Y.ContentFormat) return 'text';
    if (content instanceof Y.ContentType) {
      const inner = content.type;
      return inner instanceof Y.XmlElement || inner instanceof Y.XmlText ? 'xml' : 'other';
    }
    if (!item.deleted) return 'other';
  }
  return 'other';
}

export function extractText(doc: Y.Doc): string {
  const parts: string[] = [];
  for (const [name, type] of [...doc.share]) {
    const shape = shapeOf(type);
    if (shape === 'text') {
      const text = deltaText(doc.getText(name));
      if (text) parts.push(text);
    } else if (shape === 'xml') {
      xmlText(doc.getXmlFragment(name), parts);
    }
  }
  return parts.join('\n');
}
