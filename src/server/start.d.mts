// The types of start.mjs (plain JavaScript, so that `npm start` runs without TypeScript), for its test.
export declare const BUILD_INPUTS: readonly string[]
export declare const BUILD_OUTPUTS: readonly string[]
export declare const STAMP_FILE: string
export declare const SERVER_ENTRY: string
export declare function inputsHash(root: string): string
export declare function startDecision(root: string): { rebuild: boolean; reason?: string; inputs: string }
export declare function writeStamp(root: string, inputs: string, now?: Date): void
