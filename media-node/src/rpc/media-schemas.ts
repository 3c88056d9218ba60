// zod mirrors of the mediasoup parameter types that cross the RPC wire and the client protocol
// (signaling re-exports them, so this file must stay zod-only and browser-safe).
// Loose objects: fields added by newer mediasoup(-client) versions pass through,
// and mediasoup itself validates the semantics when the value reaches it.
import { z } from 'zod';

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

const rtcpFeedbackSchema = z.looseObject({ type: z.string().max(64), parameter: z.string().max(64).optional() });

const codecParamsSchema = z.record(z.string().max(64), z.unknown());

export const rtpCodecCapabilitySchema = z.looseObject({
  kind: mediaKindSchema,
  mimeType: z.string().min(1).max(64),
  preferredPayloadType: z.number().int().min(0).max(127).optional(),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: codecParamsSchema.optional(),
  rtcpFeedback: z.array(rtcpFeedbackSchema).max(32).optional(),
});

export const rtpHeaderExtensionSchema = z.looseObject({
  kind: mediaKindSchema,
  uri: z.string().min(1).max(256),
  preferredId: z.number().int().min(1).max(255),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

/** What a device can receive (mediasoup-client `device.rtpCapabilities`) or what a router offers. */
export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(rtpCodecCapabilitySchema).max(128).optional(),
  headerExtensions: z.array(rtpHeaderExtensionSchema).max(64).optional(),
});
export type RtpCapabilities = z.infer<typeof rtpCapabilitiesSchema>;

export const rtpCodecParametersSchema = z.looseObject({
  mimeType: z.string().min(1).max(64),
  payloadType: z.number().int().min(0).max(127),
  clockRate: z.number().int().positive(),
  channels: z.number().int().positive().optional(),
  parameters: codecParamsSchema.optional(),
  rtcpFeedback: z.array(rtcpFeedbackSchema).max(32).optional(),
});

export const rtpEncodingSchema = z.looseObject({
  ssrc: z.number().int().nonnegative().optional(),
  rid: z.string().max(32).optional(),
  codecPayloadType: z.number().int().min(0).max(127).optional(),
  rtx: z.object({ ssrc: z.number().int().nonnegative() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().max(16).optional(),
  maxBitrate: z.number().nonnegative().optional(),
});

export const rtpHeaderExtensionParametersSchema = z.looseObject({
  uri: z.string().min(1).max(256),
  id: z.number().int().min(1).max(255),
  encrypt: z.boolean().optional(),
  parameters: codecParamsSchema.optional(),
});

/** Parameters of one RTP stream: what a producer sends, or what a consumer will receive. */
export const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z.array(rtpCodecParametersSchema).min(1).max(32),
  headerExtensions: z.array(rtpHeaderExtensionParametersSchema).max(32).optional(),
  encodings: z.array(rtpEncodingSchema).max(16).optional(),
  rtcp: z.looseObject({ cname: z.string().max(256).optional(), reducedSize: z.boolean().optional() }).optional(),
  msid: z.string().max(256).optional(),
});
export type RtpParameters = z.infer<typeof rtpParametersSchema>;

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().min(1).max(256),
      }),
    )
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof dtlsParametersSchema>;

export const iceParametersSchema = z.looseObject({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});
export type IceParameters = z.infer<typeof iceParametersSchema>;

export const iceCandidateSchema = z.looseObject({
  foundation: z.string(),
  priority: z.number(),
  ip: z.string(),
  address: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.literal('host'),
  tcpType: z.literal('passive').optional(),
});
export type IceCandidate = z.infer<typeof iceCandidateSchema>;

export const srtpParametersSchema = z.object({
  cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
  keyBase64: z.string().min(1).max(256),
});
export type SrtpParameters = z.infer<typeof srtpParametersSchema>;

/** Opaque application data echoed back with entities (small, JSON only). */
export const appDataSchema = z.record(z.string(), z.unknown());
