// Types for bin/build.js (plain JavaScript, so it runs before anything is compiled).
export declare const DIST: string;
export declare function build(options?: { root?: string }): Promise<void>;
export declare function ensureBuilt(options?: { quiet?: boolean; root?: string }): Promise<void>;
export declare function makeClusterTemplate(options?: { root?: string }): Promise<void>;
