// The services' zod config schemas (imported by path on purpose: the deployment must match them).
import { configSchema as apiSchema } from '../../api/src/config.js';
import { configSchema as mediaSchema } from '../../media-node/src/config.js';
import { configSchema as signalingSchema } from '../../signaling/src/config.js';
import type { SchemaLike } from '../src/env-check.js';

export type ServiceKind = 'media' | 'signaling' | 'api';

export const schemas: Record<ServiceKind, SchemaLike> = {
  media: mediaSchema as unknown as SchemaLike,
  signaling: signalingSchema as unknown as SchemaLike,
  api: apiSchema as unknown as SchemaLike,
};

/**
 * Names read by deploy/docker/media-drain.mjs (the preStop drain script), which runs in the
 * media-node container with the node's own environment.
 */
export const DRAIN_SCRIPT_ENV = ['MEDIA_DRAIN_HOST', 'MEDIA_DRAIN_POLL_MS'] as const;
