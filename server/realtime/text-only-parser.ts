/**
 * Socket.IO's parser, refusing binary: no event of the contract carries binary data, yet a packet may
 * announce attachments that the server then buffers until they all arrive (up to 10 frames of up to 1 MB
 * each per socket). With no attachment allowed, the decoder throws on such a packet, and on any binary
 * frame, and Socket.IO closes that connection at once. Text messages keep the 1 MB limit of the contract.
 */
import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';

class TextOnlyDecoder extends Decoder {
  constructor() {
    super({ maxAttachments: 0 });
  }
}

export const textOnlyParser = { Encoder, Decoder: TextOnlyDecoder, PacketType, protocol };
