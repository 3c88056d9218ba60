// Content sniffing by magic bytes: the type of an upload comes from its first bytes, never its name.
export type SniffedType =
  | 'image/png'
  | 'image/jpeg'
  | 'image/gif'
  | 'image/webp'
  | 'audio/webm'
  | 'audio/ogg'
  | 'audio/wav'
  | 'audio/mpeg'
  | 'audio/mp4';

export const IMAGE_TYPES: readonly SniffedType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const AUDIO_TYPES: readonly SniffedType[] = ['audio/webm', 'audio/ogg', 'audio/wav', 'audio/mpeg', 'audio/mp4'];

export const EXTENSIONS: Record<SniffedType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
};

const ascii = (buf: Uint8Array, at: number, text: string) =>
  buf.length >= at + text.length && [...text].every((c, i) => buf[at + i] === c.charCodeAt(0));
const bytes = (buf: Uint8Array, at: number, sig: number[]) => buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);

/** An MPEG audio frame header: 11 sync bits, a valid version, layer and bitrate. */
function mpegFrame(buf: Uint8Array): boolean {
  if (buf.length < 3 || buf[0] !== 0xff || (buf[1]! & 0xe0) !== 0xe0) return false;
  const version = (buf[1]! >> 3) & 0x03;
  const layer = (buf[1]! >> 1) & 0x03;
  const bitrate = buf[2]! >> 4;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15;
}

/** EBML header whose DocType is "webm" (Matroska audio from MediaRecorder). */
function webm(buf: Uint8Array): boolean {
  if (!bytes(buf, 0, [0x1a, 0x45, 0xdf, 0xa3])) return false;
  const head = Buffer.from(buf.subarray(0, 64)).toString('latin1');
  return head.includes('webm');
}

export function sniff(buf: Uint8Array): SniffedType | null {
  if (bytes(buf, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (bytes(buf, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(buf, 0, 'GIF87a') || ascii(buf, 0, 'GIF89a')) return 'image/gif';
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WEBP')) return 'image/webp';
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WAVE')) return 'audio/wav';
  if (ascii(buf, 0, 'OggS')) return 'audio/ogg';
  if (webm(buf)) return 'audio/webm';
  if (ascii(buf, 4, 'ftyp')) return 'audio/mp4';
  if (ascii(buf, 0, 'ID3') || mpegFrame(buf)) return 'audio/mpeg';
  return null;
}
