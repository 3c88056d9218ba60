// Branded ids used inside the node (the wire protocol carries plain strings).
export type RoomId = string & { readonly __brand: 'RoomId' };
export type PeerId = string & { readonly __brand: 'PeerId' };
export type UserId = string & { readonly __brand: 'UserId' };
export type NodeId = string & { readonly __brand: 'NodeId' };

export const asRoomId = (s: string) => s as RoomId;
export const asPeerId = (s: string) => s as PeerId;
export const asUserId = (s: string) => s as UserId;
export const asNodeId = (s: string) => s as NodeId;

/** The socket.io rooms a socket joins; the adapter carries emits to them across nodes. */
export const socketRooms = {
  call: (roomId: string) => `call:${roomId}`,
  peer: (peerId: string) => `peer:${peerId}`,
  user: (userId: string) => `user:${userId}`,
  /** The sockets of one api session (the access token's `sid`): the api closes them at logout. */
  session: (sessionId: string) => `session:${sessionId}`,
  presence: (userId: string) => `presence:${userId}`,
} as const;
