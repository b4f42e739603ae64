/** The domains, each with one subgraph: its SDL is `schema/<domain>.graphql`, its package `subgraphs/<domain>`. */
export const DOMAINS = ['user', 'lesson', 'progress', 'media', 'notification', 'vocabulary', 'quiz', 'analytics'] as const;

export type Domain = (typeof DOMAINS)[number];

/** The port of a domain's placeholder URL: 4001 for `user` up to 4008 for `analytics`, in `DOMAINS` order. */
export const FIRST_SUBGRAPH_PORT = 4001;

/**
 * The URL composition records for a domain in the supergraph (`join__graph(url:)`). A placeholder:
 * subgraphs run inside the gateway process by default, and the gateway decides how to reach each one.
 */
export function subgraphUrl(domain: Domain): string {
  return `http://localhost:${FIRST_SUBGRAPH_PORT + DOMAINS.indexOf(domain)}/graphql`;
}

export function isDomain(name: string): name is Domain {
  return (DOMAINS as readonly string[]).includes(name);
}
