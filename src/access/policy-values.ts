import { parseIp } from '../domain/event-pattern-ip.js';

/** Typed readings of condition values: numbers, dates, IP address blocks. Each returns undefined for text that is not one. */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function readNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

const EPOCH_SECONDS = /^\d{1,12}$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds since the epoch of an ISO 8601 date or date-time, or of epoch seconds (IAM takes both).
 * A time without a zone is read as UTC, so the answer never depends on the server's time zone.
 */
export function readDate(text: string): number | undefined {
  if (EPOCH_SECONDS.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, day, time, zone] = m;
  const offset = zone === undefined || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(time === undefined ? `${day}T00:00:00Z` : `${day}T${time}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2024-02-30 over to March; IAM would not call that a date.
  return new Date(ms + (offset === 'Z' ? 0 : zoneMs(offset))).toISOString().slice(0, 10) === day
    ? ms
    : undefined;
}

function zoneMs(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

/** The first `bits` bits of an address. */
export interface AddressBlock {
  readonly base: Uint8Array;
  readonly bits: number;
}

/** `203.0.113.0/24`, `2001:db8::/32`, or a bare address (a block of one). Host bits are ignored. */
export function readAddressBlock(text: string): AddressBlock | undefined {
  const slash = text.indexOf('/');
  const address = readAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const width = address.length * 8;
  if (slash < 0) return { base: address, bits: width };
  const mask = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(mask) || Number(mask) > width) return undefined;
  return { base: address, bits: Number(mask) };
}

function readAddress(text: string): Uint8Array | undefined {
  const ip = parseIp(text);
  return typeof ip === 'string' ? undefined : ip;
}

export function inAddressBlock(block: AddressBlock, text: string): boolean {
  const address = readAddress(text);
  if (address === undefined || address.length !== block.base.length) return false;
  for (let bit = 0; bit < block.bits; bit++) {
    const mask = 0x80 >> (bit & 7);
    if ((address[bit >> 3]! & mask) !== (block.base[bit >> 3]! & mask)) return false;
  }
  return true;
}
