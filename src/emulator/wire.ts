/**
 * JSON 1.1 wire details: timestamps travel as epoch seconds (fractional allowed), absent members
 * are omitted rather than sent as null.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v);
    }
    return out;
  }
  return value;
}

/** Reads a timestamp member: epoch seconds as the SDK sends them, or an ISO string from hand-written requests. */
export function fromWireTimestamp(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string') {
    const asNumber = Number(value);
    const d = Number.isFinite(asNumber) ? new Date(asNumber * 1000) : new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return undefined;
}
