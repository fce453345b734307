import { LIMITS } from '../../domain/limits.js';

/** At most LIMITS.deliveryExcerptMax characters, never ending inside a surrogate pair. */
export function excerptOf(text: string): string {
  if (text.length <= LIMITS.deliveryExcerptMax) return text;
  const cut = text.slice(0, LIMITS.deliveryExcerptMax);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
