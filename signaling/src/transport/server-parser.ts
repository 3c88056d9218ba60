// The socket.io parser of our server: the same msgpack wire format as `protocolParser` (which clients
// use), with a faster encoder that reuses the bytes of objects marked with `encodeOnce`.
import * as msgpackParser from 'socket.io-msgpack-parser';
import { encodeMsgpack } from './msgpack-writer.js';

class Encoder {
  encode(packet: unknown): Buffer[] {
    return [encodeMsgpack(packet)];
  }
}

export const serverParser = { protocol: msgpackParser.protocol, PacketType: msgpackParser.PacketType, Encoder, Decoder: msgpackParser.Decoder };
