/** The worker's QR decoder lives in electron/common/qr-decode.ts, shared with the CLI's `permafrost scan`. */
export { decodeFrame, type DecodedQr, type DecodeMode, type Frame } from '../../electron/common/qr-decode';
