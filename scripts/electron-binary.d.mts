export declare function findElectronBinary(root?: string): { path: string; reason?: undefined } | { reason: string; path?: undefined };
