import type { Qr } from '../../electron/ipc';

/** Modules of white around every QR code drawn (the standard's quiet zone). */
export const QUIET = 4;

/** The dark modules of a QR code as one SVG path (offset by the quiet zone): what QrCode and AnimatedQr draw. */
export function qrPath(qr: Pick<Qr, 'size' | 'modules'>): string {
  const parts: string[] = [];
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) if (qr.modules[y * qr.size + x]) parts.push(`M${x + QUIET} ${y + QUIET}h1v1h-1z`);
  }
  return parts.join('');
}
