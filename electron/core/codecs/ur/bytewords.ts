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
const minimalIndex = new Map(BYTEWORDS.map((w, i) => [`${w[0]}${w[3]}`, i] as const));

export function encodeBytewords(data: Uint8Array, style: BytewordsStyle = 'minimal'): string {
  const bytes = [...data, ...uint32BE(crc32(data))];
  if (style === 'minimal') return bytes.map((b) => `${(BYTEWORDS[b] as string)[0]}${(BYTEWORDS[b] as string)[3]}`).join('');
  return bytes.map((b) => BYTEWORDS[b]).join(style === 'uri' ? '-' : ' ');
}

export function decodeBytewords(text: string, style: BytewordsStyle = 'minimal'): Uint8Array {
  const lower = text.toLowerCase();
  let bytes: number[];
  if (style === 'minimal') {
    if (lower.length % 2 !== 0) throw new WalletError('BAD_QR', 'Bytewords data has an odd number of letters: it is cut short.');
    bytes = [];
    for (let i = 0; i < lower.length; i += 2) {
      const b = minimalIndex.get(lower.slice(i, i + 2));
      if (b === undefined) throw new WalletError('BAD_QR', `"${lower.slice(i, i + 2)}" at letter ${i + 1} is not a Bytewords pair.`);
      bytes.push(b);
    }
  } else {
    const words = lower.split(style === 'uri' ? '-' : ' ').filter(Boolean);
    bytes = words.map((w, i) => {
      const b = fullIndex.get(w);
      if (b === undefined) throw new WalletError('BAD_QR', `"${w}" (word ${i + 1}) is not a Bytewords word.`);
      return b;
    });
  }
  if (bytes.length < 5) throw new WalletError('BAD_QR', 'Bytewords data is too short to hold its checksum.');
  const body = Uint8Array.from(bytes.slice(0, -4));
  const sum = Uint8Array.from(bytes.slice(-4));
  const expected = uint32BE(crc32(body));
  if (!sum.every((b, i) => b === expected[i])) throw new WalletError('BAD_QR', 'The QR data fails its checksum: it was misread or damaged.');
  return body;
}
