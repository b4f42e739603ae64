import fs from 'node:fs';
import path from 'node:path';
import { consumerGroup, eventTopic, type DomainTopology } from '@puchi/kafka';
import type { SubgraphSource } from '@puchi/schema';
import { domainTopology, type DomainManifest, type DomainServiceDefinition, type SubgraphModule } from '@puchi/subgraph-kit';
import { DOMAIN_MANIFESTS } from './domains';

export { DOMAIN_MANIFESTS } from './domains';

/** A domain's name. */
export type Domain = (typeof DOMAIN_MANIFESTS)[number]['name'];

/** Every domain's name, in registry order. */
export const DOMAINS: readonly Domain[] = DOMAIN_MANIFESTS.map((m) => m.name);

export function isDomain(name: string): name is Domain {
  return (DOMAINS as readonly string[]).includes(name);
}

/** The manifest of `domain`; throws naming the known domains otherwise. */
export function domainManifest(domain: string): DomainManifest {
  const manifest = DOMAIN_MANIFESTS.find((m) => m.name === domain);
  if (!manifest) throw new Error(`unknown domain "${domain}"; the domains are ${DOMAINS.join(', ')}`);
  return manifest;
}

/** `<domain>-events` of every domain. */
export const EVENT_TOPICS = Object.freeze(Object.fromEntries(DOMAINS.map((d) => [d, eventTopic(d)]))) as Readonly<Record<Domain, string>>;

/** `<domain>-service-group` of every domain. */
export const CONSUMER_GROUPS = Object.freeze(Object.fromEntries(DOMAINS.map((d) => [d, consumerGroup(d)]))) as Readonly<Record<Domain, string>>;

/** Every domain's share of the Kafka topology, for `applyDeclaredTopology` and `topicSpecs`. */
export function topologyDeclaration(): DomainTopology[] {
  return DOMAIN_MANIFESTS.map(domainTopology);
}

/** Every domain's subgraph, as the gateway serves them. */
export function subgraphModules(): SubgraphModule[] {
  return DOMAIN_MANIFESTS.map((m) => m.subgraph());
}

/** Every domain's service definition, by domain. */
export function serviceDefinitions(): Record<Domain, DomainServiceDefinition> {
  return Object.fromEntries(DOMAIN_MANIFESTS.map((m) => [m.name, m.service])) as Record<Domain, DomainServiceDefinition>;
}

/** The port a domain's standalone subgraph server uses by default: 4001 for the first domain, in registry order. */
export const FIRST_SUBGRAPH_PORT = 4001;

export function subgraphPort(domain: Domain): number {
  return FIRST_SUBGRAPH_PORT + DOMAINS.indexOf(domain);
}

/** A domain service's ops port (`/metrics`, `/health/live`, `/health/ready`) by default: 8001 for the first domain, in registry order. */
export const FIRST_OPS_PORT = 8001;

export function opsPort(domain: Domain): number {
  return FIRST_OPS_PORT + DOMAINS.indexOf(domain);
}

/**
 * The URL composition records for a domain in the supergraph (`join__graph(url:)`). A placeholder: subgraphs
 * run inside the gateway process by default, and the gateway decides how to reach each one.
 */
export function subgraphUrl(domain: Domain): string {
  return `http://localhost:${subgraphPort(domain)}/graphql`;
}

/** The repo root, for file names relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Every domain's SDL as composition reads it. */
export function subgraphSources(): SubgraphSource[] {
  return DOMAIN_MANIFESTS.map((m) => ({ name: m.name, url: subgraphUrl(m.name), sdl: fs.readFileSync(m.sdlPath, 'utf8'), file: path.relative(REPO_ROOT, m.sdlPath) }));
}

/** What graphql-codegen generates per domain: the resolver types of its subgraph. */
export interface CodegenTarget {
  /** Output file, relative to the repo root. */
  output: string;
  /** The SDL file, relative to the repo root. */
  schema: string;
  mappers: Readonly<Record<string, string>>;
}

export function codegenTargets(): CodegenTarget[] {
  return DOMAIN_MANIFESTS.map((m) => {
    const packageDir = path.dirname(m.sdlPath);
    return {
      output: path.relative(REPO_ROOT, path.join(packageDir, 'src', '__generated__', 'resolvers-types.ts')),
      schema: path.relative(REPO_ROOT, m.sdlPath),
      mappers: m.codegenMappers,
    };
  });
}

export * from './acls';
export * from './asyncapi';
export * from './compatibility';
export * from './evolution';
