import { describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../api/types.js';
import { buildTree, subtreeIds } from './store.js';

function doc(id: string, parentId: string | null, createdAt: string): DocumentSummary {
  return { id, parentId, createdAt, workspaceId: 'w', title: id, icon: null, coverUrl: null, archivedAt: null, createdBy: 'u', updatedAt: createdAt, contentUpdatedAt: null };
}

describe('page tree', () => {
  const docs = [doc('b', null, '2024-01-02'), doc('a', null, '2024-01-01'), doc('a1', 'a', '2024-01-03'), doc('a1x', 'a1', '2024-01-04'), doc('orphan', 'gone', '2024-01-05')];

  it('nests children under parents in creation order; orphans go to the top', () => {
    const tree = buildTree(docs);
    expect(tree.map((n) => n.doc.id)).toEqual(['a', 'b', 'orphan']);
    expect(tree[0]!.children.map((n) => n.doc.id)).toEqual(['a1']);
    expect(tree[0]!.children[0]!.children.map((n) => n.doc.id)).toEqual(['a1x']);
  });

  it('finds a page with everything under it (no moving into itself)', () => {
    expect([...subtreeIds(docs, 'a')].sort()).toEqual(['a', 'a1', 'a1x']);
    expect([...subtreeIds(docs, 'b')]).toEqual(['b']);
  });
});
