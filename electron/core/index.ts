// The core's public surface: everything the main process and the CLI may use. Explicit on purpose.
export { WalletError, isWalletError, missingCase, WALLET_ERROR_CODES } from './errors';
export type { WalletErrorCode } from './errors';
export { assessAirGap, classifyInterface } from './airgap';
export type { AirGapAssessment, ExternalInterface, InterfaceAddress, InterfaceKind } from './airgap';
export { PRODUCT_NAME, VERSION } from './version';
