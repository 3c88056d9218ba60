// The call page, loaded on demand.
export { CallPage } from './call-page.js';
