/** Creating, restoring and closing wallets: words from the CSPRNG or dice, the quiz, typed or scanned words. */
import {
  biasReport,
  BITS_PER_ROLL,
  checkMnemonic,
  decodeSeedQr,
  describeProblem,
  detectLanguage,
  entropyBitsFor,
  entropyHex,
  entropyToMnemonic,
  generateMnemonic,
  isWalletError,
  minimumInputs,
  parseFlips,
  parseRolls,
  userEntropy,
  wordlist,
  wordSeparator,
} from '../../core';
import { walletInfo, type HandlerSection, type HandlerServices } from './services';

type KeysMethods = 'getWordlist' | 'previewEntropy' | 'createDraft' | 'checkQuiz' | 'checkWords' | 'scanSeedQr' | 'openWallet' | 'closeWallet';

export function keysHandlers({ vault }: HandlerServices): HandlerSection<KeysMethods> {
  return {
    getWordlist: ({ language }) => wordlist(language),

    previewEntropy: ({ kind, input, words }) => {
      const needed = minimumInputs(kind, words);
      try {
        const symbols = kind === 'dice' ? parseRolls(input) : parseFlips(input);
        return {
          count: symbols.length,
          needed,
          bitsCollected: Math.floor(kind === 'dice' ? symbols.length * BITS_PER_ROLL : symbols.length),
          warning: biasReport(kind, symbols).warning,
          error: null,
        };
      } catch (e) {
        if (!isWalletError(e)) throw e;
        return { count: 0, needed, bitsCollected: 0, warning: null, error: e.message };
      }
    },

    createDraft: ({ words, language, source }) => {
      let mnemonic: string;
      let extra = { method: 'csprng', bitsCollected: null as number | null, warning: null as string | null, verifyCommand: null as string | null, entropyHex: null as string | null };
      if (source.kind === 'csprng') {
        const generated = generateMnemonic(words, language);
        mnemonic = generated.mnemonic;
        generated.entropy.fill(0);
      } else {
        const e = userEntropy(source.kind, source.input, words, { mix: source.mix });
        try {
          mnemonic = entropyToMnemonic(e.entropy, language);
          extra = {
            method: `${source.kind}-${e.method}`,
            bitsCollected: Math.floor(e.bitsCollected),
            warning: e.bias.warning,
            verifyCommand: e.verifyCommand,
            entropyHex: e.verifyCommand ? entropyHex(e) : null,
          };
        } finally {
          e.entropy.fill(0);
        }
      }
      const { draftId, quizPositions } = vault.addDraft(mnemonic, language, true);
      return { draftId, words: mnemonic.split(wordSeparator(language)), language, quizPositions, entropyBits: entropyBitsFor(words), ...extra };
    },

    checkQuiz: ({ draftId, answers }) => vault.checkQuiz(draftId, answers),

    checkWords: ({ words, language }) => {
      const lang = language ?? detectLanguage(words) ?? 'english';
      const check = checkMnemonic(words, lang);
      if (check.ok) return { ok: true, wordCount: check.words.length, language: lang };
      return { ok: false, problems: check.problems, messages: check.problems.map(describeProblem) };
    },

    scanSeedQr: ({ text, bytes }) => {
      const decoded = decodeSeedQr({ ...(text !== null ? { text } : {}), ...(bytes !== null ? { bytes } : {}) });
      const { draftId } = vault.addDraft(decoded.mnemonic, 'english', false);
      return { draftId, wordCount: decoded.mnemonic.split(' ').length, format: decoded.format };
    },

    openWallet: async ({ source, passphrase }) => {
      const { walletId, opened } = await vault.open(source, passphrase);
      return walletInfo(walletId, opened);
    },

    closeWallet: ({ walletId }) => ({ closed: vault.close(walletId) }),
  };
}
