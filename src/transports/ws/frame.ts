import { type WebSocketServer } from "ws";
import { StartupError } from "../../config";

/** ws would compress its own messages (graphql-ws's, the close) and hold them in its queue, where whole frames written beside them would overtake them. */
export class PerMessageDeflateError extends StartupError {
  constructor() {
    super("WebSocket per-message deflate must be off: subscription frames are written whole to the TCP socket beside ws's own, which compression would hold back and reorder");
  }
}

/** Throws PerMessageDeflateError unless `server` negotiates no compression: the frames below are written uncompressed, beside ws's. */
export function refuseCompression(server: WebSocketServer): void {
  if (server.options.perMessageDeflate) throw new PerMessageDeflateError();
}

/**
 * A whole WebSocket text frame as a server sends it (RFC 6455 section 5.2:
 * FIN, opcode 1, unmasked, then the payload's length in 7, 16 or 64 bits).
 * A server's frames are never masked, so one frame's bytes are the same on
 * every socket: built once, they can be written as they are to thousands.
 */
export function serverTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, headerLength);
  return frame;
}
