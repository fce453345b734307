import type { JsonObject, JsonValue } from './model.js';

/** What a secret's value becomes in the audit trail. */
export const REDACTED = '[redacted]';

/** Secret names in lower case without separators, matched anywhere in a name (`clientSecret`, `DB_PASSWORD`). */
const SECRET_PARTS = [
  'secret',
  'password',
  'passwd',
  'passphrase',
  'credential',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'signingkey',
  'accesstoken',
  'refreshtoken',
  'sessiontoken',
  'securitytoken',
  'authtoken',
  'bearer',
];
/** Words that name a secret only as a whole word: `HF_TOKEN` and `X-Amz-Signature`, not `tokenizer`. */
const SECRET_WORDS = new Set(['token', 'signature', 'pass', 'pwd']);
/** Names that are secrets only when they are the whole name: `auth: {...}`, not `authMode`. */
const SECRET_NAMES = new Set(['auth']);
/** SageMaker's pagination and idempotency tokens grant nothing, and the trail is clearer with them. */
const NOT_SECRET = new Set(['nexttoken', 'clienttoken']);

/** True when a member, header or environment variable of this name holds a secret. */
export function isSecretName(name: string): boolean {
  const joined = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (NOT_SECRET.has(joined)) return false;
  if (SECRET_NAMES.has(joined) || SECRET_PARTS.some((part) => joined.includes(part))) return true;
  return words(name).some((word) => SECRET_WORDS.has(word));
}

/**
 * A copy of the value with the value of every member whose name looks like a secret replaced by REDACTED,
 * at any depth and inside arrays; header maps and environment maps are such objects. A name/value pair
 * (`{ name: 'Authorization', value }`, `{ Key: 'api_token', Value }`) naming a secret has its value
 * replaced too. Everything else is copied unchanged.
 */
export function redactSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  const object = value as JsonObject;
  const pairValue = secretPairValue(object);
  // fromEntries defines members, so a `__proto__` member parsed from JSON stays a member.
  return Object.fromEntries(
    Object.entries(object).map(([key, member]) => [
      key,
      key === pairValue || isSecretName(key) ? REDACTED : redactSecrets(member),
    ]),
  );
}

/** The member holding the value when the object is a name/value pair that names a secret. */
function secretPairValue(object: JsonObject): string | undefined {
  const keys = Object.keys(object);
  const nameKey = keys.find((key) => /^(name|key)$/i.test(key));
  const valueKey = keys.find((key) => /^value$/i.test(key));
  if (nameKey === undefined || valueKey === undefined) return undefined;
  const name = object[nameKey];
  return typeof name === 'string' && isSecretName(name) ? valueKey : undefined;
}

/** `X-Amz-Security-Token` → x, amz, security, token; `APIKey` → api, key; `max_tokens` → max, tokens. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}
