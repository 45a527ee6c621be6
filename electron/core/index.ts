// The core's public surface: everything the main process and the CLI may use. Explicit on purpose.
export { WalletError, isWalletError, missingCase, WALLET_ERROR_CODES } from './errors';
export type { WalletErrorCode } from './errors';
export { assessAirGap, classifyInterface } from './airgap';
export type { AirGapAssessment, ExternalInterface, InterfaceAddress, InterfaceKind } from './airgap';
export { PRODUCT_NAME, VERSION } from './version';

export { LANGUAGES, isLanguage, wordlist, wordSeparator } from './keys/wordlists';
export type { Language } from './keys/wordlists';
export {
  WORD_COUNTS,
  isWordCount,
  entropyBitsFor,
  entropyToMnemonic,
  generateMnemonic,
  checkMnemonic,
  parseMnemonic,
  describeProblem,
  completions,
  lookupWord,
  detectLanguage,
  mnemonicToSeed,
} from './keys/mnemonic';
export type { WordCount, MnemonicProblem, MnemonicCheck } from './keys/mnemonic';
export { MIN_ROLLS, BITS_PER_ROLL, minimumInputs, parseRolls, parseFlips, biasReport, userEntropy, entropyHex } from './keys/entropy';
export type { EntropyKind, UserEntropy, BiasReport } from './keys/entropy';
export { NETWORKS, isNetwork } from './keys/networks';
export type { Network } from './keys/networks';
export { HDKey, masterFromSeed, fingerprintHex, parsePath, formatPath, parseExtendedKey, publicExtendedKey } from './keys/hd';
export {
  ACCOUNT_KINDS,
  ACCOUNT_LABELS,
  isAccountKind,
  accountPath,
  deriveAccount,
  deriveAddresses,
  findAddress,
  MAX_ADDRESS_COUNT,
} from './keys/accounts';
export type { Account, AccountKind, AccountSpec, DerivedAddress } from './keys/accounts';
export { addChecksum, descriptorChecksum, verifyChecksum } from './keys/descriptor';
export { ethAddress, toChecksumAddress } from './keys/eth';
export { accountUr, outputUr, metamaskUr, accountUrString, coldcardGenericJson, coldcardMultisigJson, COSIGNER_SCRIPTS, isCosignerScript, cosignerKey, cosignerPath, cosignerUr } from './keys/export';
export type { CosignerKey, CosignerScript } from './keys/export';
export { openWallet } from './keys/wallet';
export type { OpenedWallet } from './keys/wallet';

export { encodeStandardSeedQr, encodeCompactSeedQr, seedQrMatrix, decodeSeedQr } from './backup/seedqr';
export type { SeedQrFormat } from './backup/seedqr';
export { qrMatrix, textQr } from './codecs/qr';
export type { QrMatrix } from './codecs/qr';
export { encodeUr, decodeSinglePartUr, UrEncoder, UrDecoder } from './codecs/ur/ur';
export type { Ur, UrScanStatus } from './codecs/ur/ur';

export { SHEETS, MAX_RECEIVE, abbreviation, buildKit, buildShareCards } from './backup/paper';
export type { Sheet, PaperSize, PaperDocument, Page as PaperPage, Block as PaperBlock, InheritanceText, KitInput, ShareCardsInput, WalletConfigInput } from './backup/paper';
export { renderPdf, PDF_TITLE } from './backup/pdf';
export type { PdfFonts, DrawnQr } from './backup/pdf';

export { splitIntoShares, combineIntoWallet, parseGroups } from './backup/slip39/modes';
export type { ShamirMode, SplitRequest, SplitOutcome, CombineOutcome } from './backup/slip39/modes';
export { ShareCollector, checkQuorums, checkScheme } from './backup/slip39/slip39';
export type { GroupSpec, RecoveryProgress, QuorumReport } from './backup/slip39/slip39';
export { SLIP39_WORDLIST } from './backup/slip39/wordlist';
export { decodeShare } from './backup/slip39/share';
export { recoveryIterations, type CipherProgress } from './backup/slip39/cipher';

export { VAULT_FORMAT, VAULT_VERSION, VAULT_ACCOUNT_SPECS, buildVaultDocument, serializeVaultDocument, parseVaultDocument } from './vault/document';
export type { VaultAccount, VaultDocument } from './vault/document';
export { VAULT_WORK_FACTOR, MAX_VAULT_WORK_FACTOR, MAX_VAULT_FILE_BYTES, encryptVault, decryptVault } from './vault/age';
export { ASSUMED_GUESSES_PER_SECOND, MIN_PASSPHRASE_LENGTH, MIN_GUESSES_LOG10, MAX_RECOVERY_WORDS, assessPassphraseStrength, requireStrongPassphrase } from './vault/strength';
export type { PassphraseStrength } from './vault/strength';

export { signPsbt, signPsbtAsync, finalizeTransaction } from './psbt/sign';
export type { AsyncSignOptions, SignOptions, SignOutcome } from './psbt/sign';
export { SIGHASH_DEFAULT, SIGHASH_ALL, SIGHASH_NONE, SIGHASH_SINGLE, SIGHASH_ANYONECANPAY } from './psbt/sighash';

export { MAX_PSBT_BYTES, MAX_PSBT_INPUTS, MAX_PSBT_OUTPUTS, parsePsbt, serializePsbt } from './psbt/parse';
export type { ParsedPsbt } from './psbt/parse';
export { PSBT_WARNING_CODES, HIGH_FEE_RATE, HIGH_FEE_SHARE, HIGH_INDEX, reviewPsbt } from './psbt/review';
export type { OutputKind, OwnedPath, PsbtReview, PsbtWallet, PsbtWarning, PsbtWarningCode, ReviewInput, ReviewOutput } from './psbt/review';
export { SCRIPT_TYPES } from './psbt/scripts';
export type { ScriptType } from './psbt/scripts';

export { BBQR_ENCODINGS, BBQR_FILE_TYPES, BBQR_HEADER_LENGTH, MAX_BBQR_BYTES, MAX_BBQR_PARTS, MAX_BBQR_PART_CHARS, QR_ALNUM_CAPACITY_L, BbqrDecoder, decodeBbqr, encodeBbqr, looksLikeBbqr, splitBbqr } from './codecs/bbqr';
export type { BbqrEncodeOptions, BbqrEncoding, BbqrFileType, BbqrResult, BbqrSplit, BbqrStatus } from './codecs/bbqr';

export { BBQR_MIXED, identifyQrText, MAX_QR_TEXT_CHARS, qrTextTooLong, TransactionScan } from './codecs/scan';
export type { QrTextKind, ScanFormat, ScanProgress, ScanResult, ScanStatus } from './codecs/scan';
export { isQrPartLine, numberLines, qrPartLines, readStream } from './codecs/stream';
export type { Family as QrFamily, NumberedLine, StreamRead } from './codecs/stream';
export { DEFAULT_ANSWER_FORMAT, DEFAULT_UR_FRAGMENT_LENGTH, MAX_ANSWER_PARTS, MAX_UR_FRAGMENT_LENGTH, psbtAnswer, psbtFrames, type PsbtAnswer } from './codecs/answer';
export type { AnswerFormat, PsbtFramesOptions } from './codecs/answer';

export { ETH_DATA_TYPES, ETH_WARNING_CODES, MAX_ETH_REQUEST_TEXT, MAX_ETH_SIGN_DATA } from './eth/types';
export type { Erc20Call, EthChain, EthDataKind, EthMessageReview, EthReview, EthTxData, EthTxReview, EthTypedDataReview, EthWarning, EthWarningCode, TypedField } from './eth/types';
export { decodeRlp } from './eth/rlp';
export type { RlpItem } from './eth/rlp';
export { decodeEthSignRequest, checkRequestIsOurs, formatUuid, ETH_ACCOUNT_PATH, MAX_ETH_ADDRESS_INDEX } from './eth/request';
export type { EthSignRequest, EthDataType } from './eth/request';
export { parseLegacyTransaction, parseTypedTransaction, maxCost } from './eth/tx';
export type { EthTransaction, AccessListEntry } from './eth/tx';
export { parseTypedData, hashTypedData, encodeType, hashStruct } from './eth/typed-data';
export type { TypedData, TypedMember, HashedTypedData } from './eth/typed-data';
export { personalMessageHash, messageText } from './eth/message';
export { chainInfo } from './eth/chains';
export { approvalIn, decodeErc20, UNLIMITED_THRESHOLD } from './eth/erc20';
export type { ApprovalCall } from './eth/erc20';
export { formatEther, formatGwei } from './eth/units';
export { prepareEthRequest } from './eth/review';
export type { PreparedEthRequest } from './eth/review';
export { signEthRequest, signPrepared, ethSignatureUr, ANSWER_ORIGIN } from './eth/sign';
export type { EthSignature } from './eth/sign';
export { EthRequestScan, readEthRequestText } from './eth/scan';

export { MULTISIG_SCRIPT_TYPES, MULTISIG_SCRIPT_LABELS, MAX_KEYS, MAX_MULTISIG_ADDRESSES, validateMultisig, multisigFromDescriptor, multisigDescriptors, multisigScripts, multisigAddress, multisigAddresses, findMultisigAddress, checkOurKeys, requireOurKey } from './wallets/multisig';
export type { Cosigner, MultisigWallet, MultisigScriptType, MultisigDescriptors, MultisigAddress, MultisigScripts, OurKeyCheck, ParseOptions as WalletParseOptions } from './wallets/multisig';
export { MAX_CONFIG_CHARS, parseWalletConfig, parseBsms, parseColdcardConfig, cryptoOutputToDescriptor, outputDescriptorToText } from './wallets/formats';
export type { ParsedWalletConfig, WalletConfigFormat } from './wallets/formats';
export { REGISTRATION_FORMAT, REGISTRATION_VERSION, MAX_REGISTRATION_BYTES, registrationId, sealRegistration, openRegistration, peekRegistration } from './wallets/registration';
