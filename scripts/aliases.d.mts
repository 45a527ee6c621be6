export declare const ALIASES: Record<string, string>;
