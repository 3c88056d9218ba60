// The assistant and the meeting recorder, loaded when first opened.
export { AiChatModal } from './ai-chat-modal.js';
export { RecorderModal } from './recorder-modal.js';
