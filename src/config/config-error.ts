/** A setting that cannot be used: the server stops at boot with this message (exit code 2). */
export class ConfigError extends Error {}
