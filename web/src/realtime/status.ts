// The realtime connection's state, readable by any screen without loading socket.io.
import { signal } from '@preact/signals';

export type RealtimeStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting';
export const realtimeStatus = signal<RealtimeStatus>('offline');
