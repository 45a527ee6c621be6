/**
 * Bytewords (BlockchainCommons bcr-2020-012): each byte is a 4-letter word; "minimal" keeps each word's first and
 * last letters. A CRC-32 (big-endian) of the data is appended before encoding and checked when decoding.
 */
import { WalletError } from '../../errors';
import { crc32, uint32BE } from './crc32';

const WORDS =
  'ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcashcatschefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdulldutyeacheasyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuelfundgalagamegeargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhopehornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokeptkeyskickkilnkingkitekiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmanymathmazememomenumeowmildmintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowlspaidpartpeckplaypluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinrunsrustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoystriptunatwinuglyundouniturgeuservastveryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebswhatwhenwhizwolfworkyankyawnyellyogayurtzapszerozestzinczonezoom';

export const BYTEWORDS: readonly string[] = Array.from({ length: 256 }, (_, i) => WORDS.slice(i * 4, i * 4 + 4));

export type BytewordsStyle = 'standard' | 'uri' | 'minimal';

const fullIndex = new Map(BYTEWORDS.map((w, i) => [w, i] as const));

export function encodeBytewords(data: Uint8Array, style: BytewordsStyle = 'minimal'): string {
  const bytes = [...data, ...uint32BE(crc32(data))];
  if (style === 'minimal') return bytes.map((b) => `${(BYTEWORDS[b] as string)[0]}${(BYTEWORDS[b] as string)[3]}`).join('');
  return bytes.map((b) => BYTEWORDS[b]).join(style === 'uri' ? '-' : ' ');
}

/** Minimal pairs by their letters: (first − 'a') × 26 + (last − 'a') → byte, −1 for no word. */
const minimalTable = (() => {
  const t = new Int16Array(26 * 26).fill(-1);
  BYTEWORDS.forEach((w, i) => {
    t[(w.charCodeAt(0) - 97) * 26 + (w.charCodeAt(3) - 97)] = i;
  });
  return t;
})();

/** Minimal bytewords to bytes (checksum included), in one pass over the letters into a preallocated array. */
function decodeMinimal(lower: string): Uint8Array {
  if (lower.length % 2 !== 0) throw new WalletError('BAD_QR', 'Bytewords data has an odd number of letters: it is cut short.');
  const out = new Uint8Array(lower.length / 2);
  for (let i = 0; i < lower.length; i += 2) {
    const a = lower.charCodeAt(i) - 97;
    const b = lower.charCodeAt(i + 1) - 97;
    const byte = a >= 0 && a < 26 && b >= 0 && b < 26 ? (minimalTable[a * 26 + b] as number) : -1;
    if (byte < 0) throw new WalletError('BAD_QR', `"${lower.slice(i, i + 2)}" at letter ${i + 1} is not a Bytewords pair.`);
    out[i / 2] = byte;
  }
  return out;
}

export function decodeBytewords(text: string, style: BytewordsStyle = 'minimal'): Uint8Array {
  const lower = text.toLowerCase();
  let bytes: Uint8Array;
  if (style === 'minimal') bytes = decodeMinimal(lower);
  else {
    const words = lower.split(style === 'uri' ? '-' : ' ').filter(Boolean);
    bytes = Uint8Array.from(words, (w, i) => {
      const b = fullIndex.get(w);
      if (b === undefined) throw new WalletError('BAD_QR', `"${w}" (word ${i + 1}) is not a Bytewords word.`);
      return b;
    });
  }
  if (bytes.length < 5) throw new WalletError('BAD_QR', 'Bytewords data is too short to hold its checksum.');
  const body = bytes.slice(0, -4);
  const expected = uint32BE(crc32(body));
  if (!expected.every((b, i) => b === bytes[bytes.length - 4 + i])) throw new WalletError('BAD_QR', 'The QR data fails its checksum: it was misread or damaged.');
  return body;
}
