export declare const CHROMIUM_CANDIDATES: readonly string[];
export declare function findChromium(): string | null;
export declare function checkSystemTools(): Array<{ what: string; found: boolean; debianPackage: string }>;
export declare function missingToolsMessage(missing: Array<{ what: string; debianPackage: string }>): string;
