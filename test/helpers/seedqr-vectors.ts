/** test/vectors/seedqr-vectors.json: SeedSigner/seedsigner docs/seed_qr/README.md, section '# Test SeedQRs' (9 vectors). */
import { readFileSync } from 'node:fs';

export interface SeedQrVector {
  readonly title: string;
  readonly mnemonic: string;
  readonly standard_digit_stream: string;
  readonly compact_bytes_hex: string;
}

export const SEEDQR_VECTORS = (JSON.parse(readFileSync('test/vectors/seedqr-vectors.json', 'utf8')) as { vectors: SeedQrVector[] }).vectors;
