import { invalidPattern } from './event-pattern-error.js';

/**
 * IP addresses as event-ruler reads them: only strings shaped like a.b.c.d (digits) or like IPv6 (hex
 * digits and colons, at least one colon) are tried as addresses, anything else is "nonstandard"; Java's
 * literal parser then decides whether they are valid.
 */
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const NOT_SHAPED = 0;
const INVALID = -1;

export type IpParse = Uint8Array | 'nonstandard' | 'invalid';

/** Event values are read into this buffer, so testing them allocates nothing. */
const scratch = new Uint8Array(16);

export function parseIp(text: string): IpParse {
  const length = readIp(text, scratch);
  if (length === NOT_SHAPED) return 'nonstandard';
  return length === INVALID ? 'invalid' : scratch.slice(0, length);
}

/** Writes the address into `out` and returns its length in bytes (4 or 16), NOT_SHAPED or INVALID. */
function readIp(text: string, out: Uint8Array): number {
  return text.includes(':') ? readIpv6(text, out) : readIpv4(text, out);
}

function readIpv4(text: string, out: Uint8Array): number {
  let part = 0;
  let value = 0;
  let digits = 0;
  let tooBig = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      value = Math.min(value * 10 + (c - 0x30), 256);
      tooBig ||= value > 255;
      digits++;
    } else if (c === 0x2e && digits > 0 && part < 3) {
      out[part++] = value;
      value = 0;
      digits = 0;
    } else {
      return NOT_SHAPED;
    }
  }
  if (part !== 3 || digits === 0) return NOT_SHAPED;
  out[3] = value;
  return tooBig ? INVALID : 4;
}

function readIpv6(text: string, out: Uint8Array): number {
  if (!IPV6_SHAPE.test(text)) return NOT_SHAPED;
  const halves = text.split('::');
  if (halves.length > 2) return INVALID;
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return INVALID;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return INVALID;
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  all.forEach((group, i) => {
    out[2 * i] = group >> 8;
    out[2 * i + 1] = group & 0xff;
  });
  // Java's InetAddress turns IPv4-mapped IPv6 addresses into plain IPv4 ones, so ruler compares them as IPv4.
  if (out.subarray(0, 10).some((b) => b !== 0) || out[10] !== 0xff || out[11] !== 0xff) return 16;
  out.copyWithin(0, 12, 16);
  return 4;
}

function groups(part: string): number[] | undefined {
  if (part === '') return [];
  const out: number[] = [];
  for (const g of part.split(':')) {
    if (!HEX_GROUP.test(g)) return undefined;
    out.push(Number.parseInt(g, 16));
  }
  return out;
}

/** A block of addresses: the first `bits` bits of `base` (host bits already cleared). */
export interface IpBlock {
  readonly base: Uint8Array;
  readonly bits: number;
}

/** `10.0.12.0/24`, `2001:db8::/32`. Host bits are ignored; /32 and /128 are refused as ruler does. */
export function parseCidr(text: string): IpBlock {
  const parts = text.split('/');
  // Java's String.split drops trailing empty strings, so "10.0.0.0/24/" still has one '/' for ruler.
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) invalidPattern("Malformed CIDR, one '/' required");
  const bits = javaInt(parts[1]!);
  if (bits === undefined) invalidPattern('Malformed CIDR, mask bits must be an integer');
  if (bits < 0) invalidPattern('Malformed CIDR, mask bits must not be negative');
  const address = parts[0]!;
  const ip = parseIp(address);
  if (ip === 'nonstandard') invalidPattern(`Nonstandard IP address: ${address}`);
  if (ip === 'invalid') invalidPattern(`Invalid IP address: ${address}`);
  if (ip.length === 4 && bits > 31) invalidPattern('IPv4 mask bits must be < 32');
  if (ip.length === 16 && bits > 127) invalidPattern('IPv6 mask bits must be < 128');
  const base = ip.slice();
  for (let bit = bits; bit < base.length * 8; bit++) base[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return { base, bits };
}

/** The block holding exactly one address, for plain string filters that are IP literals. */
export function singleAddress(ip: Uint8Array): IpBlock {
  return { base: ip, bits: ip.length * 8 };
}

/** Whether a string event value is an address inside the block (numbers and non-addresses never are). */
export function inBlock(block: IpBlock, value: string): boolean {
  if (readIp(value, scratch) !== block.base.length) return false;
  const whole = block.bits >> 3;
  for (let i = 0; i < whole; i++) if (scratch[i] !== block.base[i]) return false;
  const rest = block.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff00 >> rest) & 0xff;
  return (scratch[whole]! & mask) === block.base[whole];
}

/** Integer.parseInt: optional sign, ASCII digits, 32-bit range. */
function javaInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : undefined;
}
