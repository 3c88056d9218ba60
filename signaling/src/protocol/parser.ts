// The socket.io parser both ends must use: msgpack (binary, smaller and cheaper than the default JSON parser).
// Pass it as `parser` to `io(url, { parser })` on clients and to `new Server({ parser })` on signaling.
import * as msgpackParser from 'socket.io-msgpack-parser';

export const protocolParser = msgpackParser;
