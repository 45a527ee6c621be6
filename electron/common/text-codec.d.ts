// TextEncoder and TextDecoder exist wherever this code runs (the renderer's worker, Node 20+): declared here, as
// far as it is used, so that electron/common needs neither the DOM nor the Node types.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
