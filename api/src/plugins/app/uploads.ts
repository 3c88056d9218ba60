// Accepts uploaded files: size limit, type from magic bytes, a random key, a row per file.
import { randomUUID } from 'node:crypto';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { EXTENSIONS, type SniffedType, sniff } from '../../storage/sniff.js';
import type { Storage } from '../../storage/storage.js';

export interface Upload {
  key: string;
  url: string;
  contentType: SniffedType;
  size: number;
}

/** Reads the single file part of a multipart request, enforcing `maxBytes`. */
export async function readFilePart(request: FastifyRequest, maxBytes: number): Promise<{ data: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new AppError('multipart_required', 415, 'Send the file as multipart/form-data');
  let data: Buffer;
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes } });
    if (!part) throw new AppError('file_required', 400, 'Attach a file');
    data = await part.toBuffer();
  } catch (err) {
    throw multipartError(err, maxBytes);
  }
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(part.fields)) {
    const f = Array.isArray(field) ? field[0] : field;
    if (f && f.type === 'field') fields[name] = String(f.value);
  }
  return { data, fields };
}

/** Busboy and stream errors here come from the client's bytes (no boundary, cut-off body): a 400, not a 500. */
function multipartError(err: unknown, maxBytes: number): AppError {
  if (err instanceof AppError) return err;
  if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
    return new AppError('file_too_large', 413, `File must be at most ${Math.floor(maxBytes / 1024)} KiB`);
  }
  return new AppError('malformed_multipart', 400, 'The upload is not valid multipart/form-data');
}

export class Uploads {
  constructor(
    private readonly db: Db,
    readonly storage: Storage,
  ) {}

  /** Stores bytes whose sniffed type is in `allowed`; the claimed type and name are ignored. */
  async store(data: Buffer, allowed: readonly SniffedType[], prefix: string): Promise<Upload> {
    const type = sniff(data);
    if (!type || !allowed.includes(type)) {
      throw new AppError('unsupported_type', 415, `Unsupported file type; allowed: ${allowed.map((t) => EXTENSIONS[t]).join(', ')}`);
    }
    const key = `${prefix}-${randomUUID()}.${EXTENSIONS[type]}`;
    await this.storage.put(key, data, type);
    return { key, url: `/files/${key}`, contentType: type, size: data.length };
  }

  /** Stores bytes already checked by the caller under `<prefix>.bin`; returns the key. */
  async storeRaw(data: Buffer, prefix: string): Promise<string> {
    const key = `${prefix}.bin`;
    await this.storage.put(key, data, 'application/octet-stream');
    return key;
  }

  /** Stores an image; `documentId` ties an image in a document's blocks to its document. */
  async storeImage(
    ownerId: string,
    kind: 'avatar' | 'cover' | 'image',
    data: Buffer,
    allowed: readonly SniffedType[],
    documentId: string | null = null,
  ): Promise<Upload> {
    const upload = await this.store(data, allowed, kind);
    await this.db
      .insertInto('uploads')
      .values({
        id: randomUUID(),
        owner_id: ownerId,
        storage_key: upload.key,
        kind,
        document_id: documentId,
        content_type: upload.contentType,
        size: upload.size,
      })
      .execute();
    return upload;
  }

  async contentTypeOf(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('uploads').select('content_type').where('storage_key', '=', key).executeTakeFirst();
    return row?.content_type ?? null;
  }
}
