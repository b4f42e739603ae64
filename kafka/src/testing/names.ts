import { randomUUID } from 'node:crypto';

/** A topic or group name no other suite (or earlier run on a kept broker) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
