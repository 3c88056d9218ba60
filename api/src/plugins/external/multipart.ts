// multipart/form-data for uploads; the per-route limits are enforced again where files are read.
import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    const max = Math.max(app.config.UPLOAD_MAX_BYTES, app.config.AUDIO_CHUNK_MAX_BYTES);
    await app.register(multipart, { limits: { fileSize: max, files: 1, fields: 10 } });
  },
  { name: 'multipart', dependencies: ['core'] },
);
