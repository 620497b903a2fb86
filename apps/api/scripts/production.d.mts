export declare const apiDir: string
export declare const DEFAULT_MAX_HEAP_MB: number
export declare function buildApi(outfile?: string): void
export declare function productionNodeArgs(env?: NodeJS.ProcessEnv, entry?: string): string[]
export declare function supervisorArgs(entry?: string): string[]
