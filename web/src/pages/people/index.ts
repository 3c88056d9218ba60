// People and chat, loaded on demand.
import './people.css';

export { ChatPage } from './chat-page.js';
export { FriendsPage } from './friends-page.js';
