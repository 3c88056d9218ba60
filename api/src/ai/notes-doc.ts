// Builds the Yjs content of a meeting-notes document: the "default" XmlFragment that the web editor
// (TipTap/ProseMirror) binds to, one paragraph or heading per line.
import * as Y from 'yjs';

export function notesToYjsUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('default');
  const blocks = text.split(/\n+/).map((l) => l.trim()).filter(Boolean);
  fragment.insert(
    0,
    blocks.map((line) => {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line);
      const el = new Y.XmlElement(heading ? 'heading' : 'paragraph');
      if (heading) el.setAttribute('level', String(heading[1]!.length));
      el.insert(0, [new Y.XmlText(heading ? heading[2]! : line)]);
      return el;
    }),
  );
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
