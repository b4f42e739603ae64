import type { z } from 'zod';

/**
 * What a caller without the admin role (an analyst) sees of one event type's payload where a feed hands payloads
 * out as they are (`events`): the fields in `show` as they are, the fields in `mask` through their function, and
 * nothing else. An allow-list, so a field added to the payload later stays hidden until the domain shows it.
 */
export interface EventView {
  /** The fields shown as they are, or `'all'` for an event whose every field is public (catalog content). Default: none. */
  readonly show?: readonly string[] | 'all';
  /** Fields shown through a function (`email: maskEmail`); a null value stays null. Default: none. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly mask?: Readonly<Record<string, (value: any) => unknown>>;
}

/** A domain's views, by event type. A type without one is shown with an empty payload. */
export type EventViews = Readonly<Record<string, EventView>>;

/**
 * The payload as `view` shows it; `{}` without a view (an undeclared type: never raw) or for a payload that is not
 * an object. Throws what a mask throws: the caller drops the event rather than show it unmasked.
 */
export function viewPayload(payload: unknown, view: EventView | undefined): Record<string, unknown> {
  if (!view || !payload || typeof payload !== 'object' || Array.isArray(payload)) return {};
  const fields = payload as Record<string, unknown>;
  const shown: Record<string, unknown> = {};
  const names = view.show === 'all' ? Object.keys(fields) : (view.show ?? []);
  for (const name of names) if (Object.hasOwn(fields, name)) shown[name] = fields[name];
  for (const [name, mask] of Object.entries(view.mask ?? {})) {
    if (!Object.hasOwn(fields, name)) continue;
    const value = fields[name];
    shown[name] = value === null || value === undefined ? value : mask(value);
  }
  return shown;
}

/** Refuses a view of a type the domain does not publish, or naming a field its payload schema does not have. */
export function checkEventViews(domain: string, views: EventViews, events: Readonly<Record<string, z.ZodType>>): void {
  for (const [type, view] of Object.entries(views)) {
    const schema = events[type];
    if (!schema) throw new Error(`domain ${domain}: analystViews names ${type}, which it does not publish`);
    const named = [...(view.show === 'all' ? [] : (view.show ?? [])), ...Object.keys(view.mask ?? {})];
    const twice = named.filter((name, i) => named.indexOf(name) !== i);
    if (twice.length > 0) throw new Error(`domain ${domain}: the analyst view of ${type} names ${twice.join(', ')} twice (shown and masked?)`);
    if (view.show === 'all' && view.mask) throw new Error(`domain ${domain}: the analyst view of ${type} shows all fields, so it cannot mask some`);
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const unknown = shape ? named.filter((name) => !Object.hasOwn(shape, name)) : [];
    if (unknown.length > 0) throw new Error(`domain ${domain}: the analyst view of ${type} names ${unknown.join(', ')}, not in its payload`);
  }
}
