// Profile calls.
import { api } from './http.js';
import type { UpdateProfileBody, User } from './types.js';
import { uploadFile } from './upload.js';

export function getMe(): Promise<User> {
  return api<User>('/me');
}

export function updateProfile(body: UpdateProfileBody): Promise<User> {
  return api<User>('/me', { method: 'PATCH', body });
}

/** Uploads an avatar image; the api stores it and answers with the updated user. */
export function uploadAvatar(file: File, onProgress?: (f: number) => void): Promise<User> {
  return uploadFile<User>('/me/avatar', file, onProgress ? { onProgress } : {});
}
