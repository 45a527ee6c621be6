export declare const APP_PARTS: readonly string[];
export declare function writeBuildManifest(root?: string): { commit: string | null; files: number; digest: string };
