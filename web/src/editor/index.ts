// The block editor, loaded on demand by the document page.
export { BlockEditor, type BlockEditorProps } from './block-editor.js';
export type { CollabStatus } from './collab-provider.js';
