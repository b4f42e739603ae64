import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DOMAINS, opsPort, type Domain } from '@puchi/domains';
import { GATEWAY_SETTINGS, loadConfig, subgraphUrlVariable } from '@puchi/gateway';
import { brokersFromEnv, domainKeySetting, identitySecret, securityFromEnv, topologySettingsFromEnv } from '@puchi/kafka';
import { SERVICE_SETTINGS, dbPathVariable, parseServiceConfig } from '@puchi/subgraph-kit';
import { commandOf, dependenciesOf, environmentOf, healthcheckUrl, interpolate, loadCompose, MissingVariableError, parseComposeText, portsOf, variablesIn, type ComposeFile, type ComposeService } from './compose-file';
import { envOf, parseStages } from './dockerfile';
import { parseRole, type Role } from './roles';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const COMPOSE_TEXT = read('docker-compose.yml');
/** The variables .env.example names, with a value each, as someone who filled it in would have them. */
const EXAMPLE_NAMES = [...read('.env.example').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
const FILLED_IN = Object.fromEntries(EXAMPLE_NAMES.map((name) => [name, `test-value-of-${name}`]));
const compose = loadCompose(COMPOSE_TEXT, FILLED_IN);

/** Every `KAFKA_…`/`PUCHI_…` variable named in these files: what the Kafka client (and the topics job) read. */
const variablesNamedIn = (...files: string[]) => new Set(files.flatMap((file) => [...read(file).matchAll(/\b(?:KAFKA|PUCHI)_[A-Z0-9_]+\b/g)].map((m) => m[0])));
const KAFKA_CLIENT = variablesNamedIn('kafka/src/client.ts', 'kafka/src/client-security.ts');
const TOPOLOGY = variablesNamedIn('kafka/src/topology/spec.ts');

/** The variables a process of each role reads (README, "Gateway settings" and "Services"). */
function variablesReadBy(role: Role): Set<string> {
  switch (role.kind) {
    case 'gateway':
      return new Set([...Object.keys(GATEWAY_SETTINGS), ...DOMAINS.map(subgraphUrlVariable), ...KAFKA_CLIENT]);
    case 'domain':
      return new Set([...Object.keys(SERVICE_SETTINGS), dbPathVariable(role.domain), ...KAFKA_CLIENT]);
    case 'topics':
      return new Set([...KAFKA_CLIENT, ...TOPOLOGY]);
  }
}

/** The containers of our image, with the role each runs. */
function ourContainers(file: ComposeFile): { name: string; service: ComposeService; role: Role }[] {
  const image = file.services.gateway?.image;
  return Object.entries(file.services)
    .filter(([, service]) => service.build !== undefined || service.image === image)
    .map(([name, service]) => ({ name, service, role: parseRole(commandOf(service)) }));
}
const containers = ourContainers(compose);
const domainContainer = (domain: Domain) => containers.find((c) => c.role.kind === 'domain' && c.role.domain === domain)!;

/** Go's `time.ParseDuration`, which compose-go registers as the schema's `duration` format. */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

function composeSchemaValidator() {
  // deploy/compose-spec.json: compose-go v2.17.0's schema/compose-spec.json (deploy/README.md), JSON Schema 2020-12.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('duration', GO_DURATION);
  return ajv.compile(JSON.parse(read('deploy/compose-spec.json')) as object);
}

describe('docker-compose.yml', () => {
  const validate = composeSchemaValidator();

  it('matches the Compose specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would fail that check for a misspelled key or a wrong condition', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.gateway!.depend_on = broken.services.gateway!.depends_on;
    expect(validate(broken)).toBe(false);
    const wrongCondition = structuredClone(compose) as unknown as { services: Record<string, { depends_on: Record<string, { condition: string }> }> };
    wrongCondition.services.gateway!.depends_on.topics!.condition = 'service_finished';
    expect(validate(wrongCondition)).toBe(false);
  });

  it('runs the whole system: the topics job, every domain once and the gateway, each a role the image takes', () => {
    const roles = containers.map((c) => (c.role.kind === 'domain' ? c.role.domain : c.role.kind)).sort();
    expect(roles).toEqual(['gateway', 'topics', ...DOMAINS].sort());
    expect(compose.services.kafka?.image).toBe('apache/kafka:4.1.1');
    expect(compose.services['kafka-ui']?.image).toMatch(/^(kafbat|provectuslabs)\/kafka-ui:/);
  });

  it('sets in our containers only variables their role reads', () => {
    for (const { name, service, role } of containers) {
      const unknown = Object.keys(environmentOf(service)).filter((variable) => !variablesReadBy(role).has(variable));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
    }
  });

  it('points every client at a listener the broker advertises on the compose network', () => {
    const advertised = environmentOf(compose.services.kafka!).KAFKA_ADVERTISED_LISTENERS!.split(',').map((listener) => listener.replace(/^[A-Z_]+:\/\//, ''));
    for (const { name, service } of containers) expect({ name, brokers: environmentOf(service).KAFKA_BROKERS }).toEqual({ name, brokers: 'kafka:19092' });
    expect(advertised).toContain('kafka:19092');
  });

  it('uses the project’s ports: the gateway on its PORT default, each domain’s ops port from the registry', () => {
    const gateway = containers.find((c) => c.role.kind === 'gateway')!.service;
    const port = loadConfig({}).port;
    expect(portsOf(gateway)).toEqual([{ hostIp: undefined, published: port, target: port }]);
    expect(Number(environmentOf(gateway).PORT ?? port)).toBe(port);
    for (const domain of DOMAINS) expect({ domain, port: Number(environmentOf(domainContainer(domain).service).OPS_PORT) }).toEqual({ domain, port: opsPort(domain) });
    expect(portsOf(compose.services['kafka-ui']!)).toEqual([{ hostIp: '127.0.0.1', published: 8080, target: 8080 }]);
  });

  it('checks health on routes that exist, on the port each process listens on, with a probe the image has', () => {
    const gateway = containers.find((c) => c.role.kind === 'gateway')!.service;
    const gatewayUrl = healthcheckUrl(gateway)!;
    expect(Number(gatewayUrl.port)).toBe(loadConfig({}).port);
    expect(read('gateway/src/server.ts')).toContain(`'${gatewayUrl.pathname}'`);
    const opsServer = read('subgraphs/kit/src/ops/ops-server.ts');
    for (const domain of DOMAINS) {
      const url = healthcheckUrl(domainContainer(domain).service)!;
      expect({ domain, port: Number(url.port) }).toEqual({ domain, port: opsPort(domain) });
      expect(opsServer).toContain(`'${url.pathname}'`);
    }
    for (const { service } of containers.filter((c) => c.role.kind !== 'topics')) {
      const [form, command, script] = service.healthcheck!.test as string[];
      expect([form, command]).toEqual(['CMD', 'node']);
      expect(fs.existsSync(path.join(ROOT, script!.replace(/\.js$/, '.ts')))).toBe(true);
    }
  });

  it('starts in order: services after the topics job succeeded, the gateway after every domain is healthy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
        expect(compose.services[dependency]).toBeDefined();
        if (condition === 'service_healthy') expect({ name, dependency, healthcheck: compose.services[dependency]!.healthcheck !== undefined }).toEqual({ name, dependency, healthcheck: true });
        if (condition === 'service_completed_successfully') expect({ name, dependency }).toEqual({ name, dependency: 'topics' });
      }
    }
    expect(compose.services.topics!.restart).toBe('no');
    for (const domain of DOMAINS) expect(dependenciesOf(domainContainer(domain).service)).toMatchObject({ topics: 'service_completed_successfully' });
    const gateway = dependenciesOf(compose.services.gateway!);
    for (const domain of DOMAINS) expect(gateway[domainContainer(domain).name]).toBe('service_healthy');
  });

  it('takes every secret from the environment with no default, and refuses to start without it', () => {
    const secrets = ['JWT_SECRET', 'IDENTITY_SIGNING_KEY', 'IDENTITY_VERIFY_KEYS'];
    const raw = parseComposeText(COMPOSE_TEXT);
    for (const { name } of containers) {
      for (const [variable, value] of Object.entries(environmentOf(raw.services[name]!))) {
        if (!secrets.includes(variable)) continue;
        expect({ name, variable, required: variablesIn(value).map((v) => v.required) }).toEqual({ name, variable, required: [true] });
      }
    }
    expect(() => loadCompose(COMPOSE_TEXT, {})).toThrow(MissingVariableError);
    // Left as .env.example has them (empty), they are refused too.
    expect(() => loadCompose(COMPOSE_TEXT, Object.fromEntries(EXAMPLE_NAMES.map((n) => [n, ''])))).toThrow(MissingVariableError);
  });

  it('starts every role in production with what .env holds: each process’s own settings parser accepts its container’s environment', () => {
    const secret = identitySecret('test', randomBytes(32));
    const dotEnv: Record<string, string> = {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      IDENTITY_SIGNING_KEY: `${secret.keyId}:${secret.secret.toString('base64url')}`,
      ...Object.fromEntries(DOMAINS.map((domain) => [`IDENTITY_VERIFY_KEYS_${domain.toUpperCase()}`, domainKeySetting(secret, domain)])),
    };
    const stages = parseStages(read('Dockerfile'));
    const imageEnv = Object.assign({}, ...stages[stages.length - 1]!.instructions.filter((i) => i.keyword === 'ENV').map(envOf)) as Record<string, string>;
    expect(imageEnv.NODE_ENV).toBe('production');
    for (const { service, role } of ourContainers(loadCompose(COMPOSE_TEXT, dotEnv))) {
      const env = { ...imageEnv, ...environmentOf(service) };
      if (role.kind === 'gateway') expect(loadConfig(env)).toMatchObject({ production: true, port: 8000 });
      if (role.kind === 'domain') expect(parseServiceConfig(role.domain, env, { opsPort: opsPort(role.domain) })).toMatchObject({ dbPath: `/data/${role.domain}.sqlite`, ops: { port: opsPort(role.domain), host: '0.0.0.0' } });
      if (role.kind === 'topics') {
        expect(brokersFromEnv(env)).toEqual(['kafka:19092']);
        expect(() => securityFromEnv(env)).not.toThrow();
        expect(() => topologySettingsFromEnv(env)).not.toThrow();
      }
    }
  });

  it('has .env.example name exactly the variables the file requires', () => {
    const required = [...new Set(variablesIn(COMPOSE_TEXT).filter((v) => v.required).map((v) => v.name))].sort();
    expect([...EXAMPLE_NAMES].sort()).toEqual(required);
  });

  it('interpolates as Compose does', () => {
    expect(interpolate('${A:-x} ${B-y} ${C} $$D $E', { A: '', B: '', C: 'c', E: 'e' })).toBe('x  c $D e');
    expect(() => interpolate('${A:?say why}', { A: '' })).toThrow(/A is required: say why/);
    expect(interpolate('${A?say why}', { A: '' })).toBe('');
  });
});
