import { invalidPattern } from './event-pattern-error.js';

/**
 * IP addresses as event-ruler reads them: only strings shaped like these two expressions are tried as
 * addresses (anything else is "nonstandard"), and Java's literal parser decides whether they are valid.
 */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

export type IpParse = Uint8Array | 'nonstandard' | 'invalid';

export function parseIp(text: string): IpParse {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text) ?? 'invalid';
  if (IPV6_SHAPE.test(text)) return parseIpv6(text) ?? 'invalid';
  return 'nonstandard';
}

function parseIpv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  const parts = text.split('.');
  for (let i = 0; i < 4; i++) {
    const value = Number(parts[i]);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const bytes = new Uint8Array(16);
  const put = (group: number, at: number) => {
    bytes[at] = group >> 8;
    bytes[at + 1] = group & 0xff;
  };
  head.forEach((g, i) => put(g, 2 * i));
  tail.forEach((g, i) => put(g, 16 - 2 * (tail.length - i)));
  // Java's InetAddress turns IPv4-mapped IPv6 addresses into plain IPv4 ones, so ruler compares them as IPv4.
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
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
  const ip = parseIp(value);
  if (!(ip instanceof Uint8Array) || ip.length !== block.base.length) return false;
  const whole = block.bits >> 3;
  for (let i = 0; i < whole; i++) if (ip[i] !== block.base[i]) return false;
  const rest = block.bits & 7;
  if (rest === 0) return true;
  const mask = (0xff00 >> rest) & 0xff;
  return (ip[whole]! & mask) === block.base[whole];
}

/** Integer.parseInt: optional sign, ASCII digits, 32-bit range. */
function javaInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= -(2 ** 31) && value < 2 ** 31 ? value : undefined;
}
