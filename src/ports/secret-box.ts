/**
 * Encryption at rest for secrets the server must read back (SigV4 secret access keys, webhook signing
 * secrets). Sealed text names the key that sealed it, so keys can be rotated: new seals use the current
 * key, and older keys stay available to open what they sealed until it is re-sealed.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  /** Throws when the text was not sealed by a known key or was altered. */
  open(sealed: string): string;
  /** Whether the text was sealed with the current key (re-seal it otherwise). */
  isCurrent(sealed: string): boolean;
}
