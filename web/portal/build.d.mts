// Types of build.mjs, for the TypeScript that imports it (the tests' build cache).
export declare const PORTAL_ROOT: string;
export declare const CLIENT_ROOT: string;
export declare function portalViteConfig(outdir: string): Promise<Record<string, unknown>>;
export declare function precompress(dir: string): string[];
export declare function buildPortal(options: { outdir: string }): Promise<{ outdir: string; files: string[]; ms: number }>;
