import { GATEWAY_CODES } from '../errors';
import { HttpError } from '../http/body';
import type { CompiledRoute } from './route';

export interface PathMatch {
  route: CompiledRoute;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
}

/**
 * Literal segments win over parameters, segment by segment from the left, whatever the table's order:
 * `/api/lessons/list` is the list, never the lesson whose id is "list".
 */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const literalA = typeof a.segments[i] === 'string';
    const literalB = typeof b.segments[i] === 'string';
    if (literalA !== literalB) return literalA ? -1 : 1;
  }
  return 0;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, GATEWAY_CODES.badUserInput, 'the path is not valid percent-encoding');
  }
}

/**
 * Every route whose pattern matches `pathname`, most specific first (one per method at most, in practice).
 * A parameter matches one non-empty segment; one trailing slash is ignored, as Express (the seed's) does.
 */
export function createPathMatcher(routes: readonly CompiledRoute[]): (pathname: string) => PathMatch[] {
  const ordered = [...routes].sort(bySpecificity);
  return (pathname) => {
    const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
    const parts = trimmed.slice(1).split('/');
    const matches: PathMatch[] = [];
    for (const route of ordered) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const matched = route.segments.every((segment, i) => {
        const part = parts[i]!;
        if (typeof segment === 'string') return segment === part;
        if (part === '') return false;
        params[segment.param] = part;
        return true;
      });
      // Decoded only once matched: a malformed escape in a path no route has stays a 404.
      if (matched) matches.push({ route, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, decode(v)])) });
    }
    // A literal route shadows a parameter route on the same path: `/api/lessons/list` must not also be lesson "list".
    const best = matches[0];
    return best ? matches.filter((m) => bySpecificity(m.route, best.route) === 0) : [];
  };
}
