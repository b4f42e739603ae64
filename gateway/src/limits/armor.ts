import type { GraphQLError } from 'graphql';

/**
 * The value graphql-armor measured, from its rejection ("… limit of 10 exceeded, found 12." with `exposeLimits`,
 * its default): armor's `onReject` hands over only that error, and our messages name the measured value.
 * Undefined if armor ever words it otherwise (the rule's tests pin the message, so that would show there).
 */
export function armorMeasured(error: GraphQLError): number | undefined {
  const found = /found (\S+)\.$/.exec(error.message);
  const value = found ? Number(found[1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}
