// The workspace section, loaded on demand.
export { InviteAccept } from './invite-accept.js';
export { SharedDocPage } from './shared-doc-page.js';
export { WorkspaceApp } from './workspace-app.js';
export { WorkspaceIndex } from './workspace-index.js';
