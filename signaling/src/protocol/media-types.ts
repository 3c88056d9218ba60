// The mediasoup parameter shapes of the client protocol are the media node's own RPC schemas
// (zod-only, browser-safe), so the two wires can never disagree.
export {
  type DtlsParameters,
  dtlsParametersSchema,
  type IceCandidate,
  iceCandidateSchema,
  type IceParameters,
  iceParametersSchema,
  type MediaKind,
  mediaKindSchema,
  type RtpCapabilities,
  type RtpParameters,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
} from '@coope/media-node/media-schemas';
