/** Defaults of the generated organization (a module of its own: the CLI's help reads it at start-up). */
export const DEFAULT_ACCOUNTS = 60;
export const DEFAULT_SEED = 1;
