// File uploads over XHR, because fetch cannot report upload progress.
import { ApiError, errorFromBody, OFFLINE_MESSAGE } from './errors.js';
import { apiUrl, authToken } from './http.js';
import { refreshSession } from './session.js';

export interface UploadOptions {
  /** Form field name of the file. */
  field?: string;
  extra?: Record<string, string>;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  method?: 'POST' | 'PUT';
}

function sendOnce<T>(path: string, file: Blob, opts: UploadOptions): Promise<{ status: number; body: unknown; value?: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(opts.method ?? 'POST', apiUrl(path));
    const token = authToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = xhr.responseText;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', OFFLINE_MESSAGE));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    for (const [k, v] of Object.entries(opts.extra ?? {})) form.append(k, v);
    form.append(opts.field ?? 'file', file, file instanceof File ? file.name : 'blob');
    xhr.send(form);
  });
}

/** Uploads one file as multipart form data, refreshing the session once on 401. */
export async function uploadFile<T>(path: string, file: Blob, opts: UploadOptions = {}): Promise<T> {
  let res = await sendOnce<T>(path, file, opts);
  if (res.status === 401 && (await refreshSession())) res = await sendOnce<T>(path, file, opts);
  if (res.status < 200 || res.status >= 300) throw errorFromBody(res.status, res.body);
  opts.onProgress?.(1);
  return res.body as T;
}
