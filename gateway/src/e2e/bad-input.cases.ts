/**
 * The bad-input suite's HTTP cases: hand-written ones and generated families (seeded, so every run sends the
 * same bytes). Each names its kind, what is sent, and the rejection expected: HTTP status and `extensions.code`.
 * WebSocket kinds (oversized frames, malformed `connection_init`) wait for the subscriptions issue.
 */

export type CaseKind =
  | 'malformed-json'
  | 'content-type'
  | 'syntax-error'
  | 'deep-query'
  | 'wide-query'
  | 'alias-bomb'
  | 'fragment-cycle'
  | 'too-many-tokens'
  | 'too-many-directives'
  | 'huge-variables'
  | 'wrong-variable-types'
  | 'unknown-operation'
  | 'oversized-body'
  | 'batching'
  | 'http-protocol'
  | 'bad-token';

export interface HttpCase {
  kind: CaseKind;
  name: string;
  method?: string;
  /** Default `/graphql`. */
  path?: string;
  /** Query string for GET, with its `?`. */
  search?: string;
  /** Default `content-type: application/json`; `null` leaves a header out. */
  headers?: Record<string, string | null>;
  /** A string or bytes; `stream` sends that many bytes chunked, without a content-length. */
  body?: string | Buffer | { stream: number };
  expect: { status: number; code: string };
}

/** mulberry32: a tiny seeded PRNG, so generated cases are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const json = (value: unknown) => JSON.stringify(value);
const op = (query: string, variables?: unknown, extra: Record<string, unknown> = {}) => json({ query, ...(variables === undefined ? {} : { variables }), ...extra });
const BAD_REQUEST = { status: 400, code: 'BAD_REQUEST' };
const PARSE_FAILED = { status: 400, code: 'GRAPHQL_PARSE_FAILED' };
const VALIDATION_FAILED = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };
const BAD_USER_INPUT = { status: 400, code: 'BAD_USER_INPUT' };

function malformedJson(): HttpCase[] {
  const hand: [string, string | Buffer][] = [
    ['open brace', '{'],
    ['unterminated key', '{"query'],
    ['missing value', '{"query":}'],
    ['trailing comma', '{"query":"{ courses { id } }",}'],
    ['single quotes', "{'query':'{ courses { id } }'}"],
    ['unquoted key', '{query:"{ courses { id } }"}'],
    ['bare word', 'query'],
    ['nul bytes', '\u0000\u0000\u0000'],
    ['two documents', '{"query":"{ courses { id } }"}{"query":"{ courses { id } }"}'],
    ['comment', '// hi\n{"query":"{ courses { id } }"}'],
    ['NaN', '{"query":"{ courses { id } }","variables":{"n":NaN}}'],
    ['bad escape', '{"query":"\\x41"}'],
    ['lone surrogate bytes', Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['utf-16 body', Buffer.from('{"query":"{ courses { id } }"}', 'utf16le')],
    ['deeply nested arrays', '['.repeat(100_000)],
  ];
  const cases: HttpCase[] = hand.map(([name, body]) => ({ kind: 'malformed-json', name, body, expect: { status: 400, code: 'BAD_REQUEST' } }));
  const valid = op('{ lesson(id: "es-a1-01") { title } }');
  for (let cut = 1; cut < valid.length; cut += 4) cases.push({ kind: 'malformed-json', name: `truncated at ${cut}`, body: valid.slice(0, cut), expect: BAD_REQUEST });
  const rand = random(7);
  for (let i = 0; i < 10; i++) {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 2000) }, () => Math.floor(rand() * 256)));
    bytes[0] = 0x7b; // starts like an object, so it is never valid JSON by luck
    cases.push({ kind: 'malformed-json', name: `random bytes #${i} (${bytes.length} B)`, body: bytes, expect: BAD_REQUEST });
  }
  // Valid JSON that is not a GraphQL request.
  for (const [name, body] of [
    ['null', 'null'],
    ['a string', '"{ courses { id } }"'],
    ['a number', '42'],
    ['true', 'true'],
    ['an empty object', '{}'],
    ['query is a number', '{"query":42}'],
    ['query is an object', '{"query":{"a":1}}'],
    ['variables is a string', op('{ courses { id } }', 'x')],
    ['extensions is a list', op('{ courses { id } }', undefined, { extensions: [1] })],
    ['operationName is a number', op('{ courses { id } }', undefined, { operationName: 7 })],
  ]) {
    cases.push({ kind: 'malformed-json', name: `JSON but not a request: ${name}`, body, expect: BAD_REQUEST });
  }
  return cases;
}

function contentTypes(): HttpCase[] {
  const body = op('{ courses { id } }');
  const types = ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html', 'application/graphql', 'application/octet-stream', 'application/jsonx', 'json', ''];
  const cases: HttpCase[] = types.map((type) => ({ kind: 'content-type', name: `POST as "${type}"`, headers: { 'content-type': type || null }, body, expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } }));
  cases.push({ kind: 'content-type', name: 'no content-type header', headers: { 'content-type': null }, body, expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' } });
  return cases;
}

function syntaxErrors(): HttpCase[] {
  const query = 'query Lesson($id: ID!) { lesson(id: $id) { title vocabulary { term } } }';
  const cases: HttpCase[] = [];
  // Every prefix that ends inside the document is an unfinished document.
  for (let cut = 3; cut < query.length - 1; cut += 3) {
    cases.push({ kind: 'syntax-error', name: `prefix of ${cut} chars`, body: op(query.slice(0, cut), { id: 'es-a1-01' }), expect: PARSE_FAILED });
  }
  const hand = [
    '{',
    '}',
    '{ courses { id }',
    '{ courses { id } } }',
    'query query query',
    '{ lesson(id: ) { title } }',
    '{ lesson(id: "unterminated) { title } }',
    '{ lesson(id: """block) { title } }',
    '{ ... on }',
    '{ courses { id } } fragment',
    'mutation',
    '{ courses { 123 } }',
    '{ courses { id: } }',
    '{ courses @ { id } }',
    '{ courses { id } } extra tokens',
    '\u00bfqu\u00e9? { courses }',
    '{ courses { id } } \u0007',
    '{ lesson(id: "\\u00ZZ") { title } }',
    'query ($: ID) { courses { id } }',
    '{ lesson(id: $) { title } }',
    '',
  ];
  for (const text of hand) {
    const expect = text === '' ? BAD_REQUEST : PARSE_FAILED; // an empty query is no GraphQL request at all
    cases.push({ kind: 'syntax-error', name: JSON.stringify(text.slice(0, 40)), body: op(text), expect });
  }
  return cases;
}

/** `{ word(id: "x") { lesson { vocabulary { lesson { … { id } } } } } }`: `levels` fields deep, the leaf included. */
export function nestedQuery(levels: number): string {
  const chain = ['word(id: "es-a1-01-w01")'];
  for (let i = 1; i < levels - 1; i++) chain.push(i % 2 === 1 ? 'lesson' : 'vocabulary');
  return `{ ${chain.join(' { ')} { id${' }'.repeat(chain.length)} }`;
}

function deepQueries(maxDepth: number): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const levels of [maxDepth + 1, maxDepth + 2, maxDepth + 3, maxDepth + 5, maxDepth + 10, maxDepth + 20, maxDepth + 40, maxDepth + 80]) {
    cases.push({ kind: 'deep-query', name: `${levels} levels`, body: op(nestedQuery(levels)), expect: { status: 400, code: 'QUERY_TOO_DEEP' } });
  }
  cases.push({
    kind: 'deep-query',
    name: 'depth hidden in fragments',
    body: op('{ word(id: "x") { ...A } } fragment A on Word { lesson { ...B } } fragment B on Lesson { vocabulary { ...C } } fragment C on Word { lesson { vocabulary { lesson { vocabulary { lesson { vocabulary { lesson { id } } } } } } } }'),
    expect: { status: 400, code: 'QUERY_TOO_DEEP' },
  });
  cases.push({
    kind: 'deep-query',
    name: 'depth hidden in inline fragments',
    body: op(`{ word(id: "x") { ${'... on Word { lesson { ... on Lesson { vocabulary { '.repeat(6)} id ${'} } } } '.repeat(6)} } }`),
    expect: { status: 400, code: 'QUERY_TOO_DEEP' },
  });
  return cases;
}

function wideQueries(maxRootFields: number): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const n of [maxRootFields + 1, maxRootFields + 5, maxRootFields * 2, maxRootFields * 5]) {
    cases.push({ kind: 'wide-query', name: `${n} root fields`, body: op(`{ ${'courses { id } '.repeat(n)}}`), expect: { status: 400, code: 'TOO_MANY_ROOT_FIELDS' } });
  }
  cases.push({ kind: 'wide-query', name: 'root fields through a fragment spread twice', body: op(`{ ...Q ...Q } fragment Q on Query { ${'courses { id } '.repeat(maxRootFields / 2 + 1)}}`), expect: { status: 400, code: 'TOO_MANY_ROOT_FIELDS' } });
  const costly = [
    '{ lessons(first: 100) { edges { node { vocabulary { media { url } } } } } }',
    '{ lessons(first: 5000) { totalCount } }',
    '{ lessons(first: 2147483647) { edges { node { id } } } }',
    '{ courses { lessons { vocabulary { media { url mimeType } } } } }',
    '{ myNotifications(first: 5000) { id kind } }',
    '{ wordsDueForReview(first: 1000) { lesson { vocabulary { term } } } }',
    '{ lessonCompletionRates(first: 500) { lesson { vocabulary { media { url } } } } }',
    '{ courses { lessons { vocabulary { lesson { vocabulary { id } } } } } }',
  ];
  for (const query of costly) cases.push({ kind: 'wide-query', name: `costly: ${query.slice(0, 50)}`, body: op(query), expect: { status: 400, code: 'QUERY_TOO_COSTLY' } });
  cases.push({ kind: 'wide-query', name: 'costly through a variable', body: op('query ($n: Int) { lessons(first: $n) { edges { node { vocabulary { media { url } } } } } }', { n: 1000 }), expect: { status: 400, code: 'QUERY_TOO_COSTLY' } });
  return cases;
}

function aliasBombs(maxAliases: number): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const n of [maxAliases + 1, 20, 30, 50, 75, 100, 150, 200, 250, 300]) {
    cases.push({ kind: 'alias-bomb', name: `${n} aliases of __typename`, body: op(`{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`), expect: { status: 400, code: 'TOO_MANY_ALIASES' } });
  }
  for (const n of [16, 40]) {
    cases.push({ kind: 'alias-bomb', name: `${n} aliased lesson lookups`, body: op(`{ ${Array.from({ length: n }, (_, i) => `l${i}: lesson(id: "es-a1-01") { title }`).join(' ')} }`), expect: { status: 400, code: 'TOO_MANY_ALIASES' } });
  }
  cases.push({ kind: 'alias-bomb', name: 'aliases multiplied by fragment spreads', body: op('{ courses { ...A ...A ...A ...A } } fragment A on Course { a: id b: id c: id d: id e: id }'), expect: { status: 400, code: 'TOO_MANY_ALIASES' } });
  const levels = 30;
  const bomb = Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment F${i} on Course { x: id }` : `fragment F${i} on Course { ...F${i + 1} ...F${i + 1} }`)).join(' ');
  cases.push({ kind: 'alias-bomb', name: 'fragment bomb: 2^29 aliased spreads', body: op(`{ courses { ...F0 } } ${bomb}`), expect: { status: 400, code: 'TOO_MANY_ALIASES' } });
  return cases;
}

function fragmentCycles(): HttpCase[] {
  const cases: HttpCase[] = [];
  for (let length = 1; length <= 8; length++) {
    const fragments = Array.from({ length }, (_, i) => `fragment F${i} on Lesson { title ...F${(i + 1) % length} }`).join(' ');
    cases.push({ kind: 'fragment-cycle', name: `cycle of ${length}`, body: op(`{ lesson(id: "es-a1-01") { ...F0 } } ${fragments}`), expect: VALIDATION_FAILED });
  }
  cases.push({ kind: 'fragment-cycle', name: 'cycle through a type hop', body: op('{ word(id: "x") { ...W } } fragment W on Word { lesson { ...L } } fragment L on Lesson { vocabulary { ...W } }'), expect: VALIDATION_FAILED });
  cases.push({ kind: 'fragment-cycle', name: 'cycle through an inline fragment', body: op('{ lesson(id: "x") { ...L } } fragment L on Lesson { ... on Lesson { ...L } }'), expect: VALIDATION_FAILED });
  cases.push({ kind: 'fragment-cycle', name: 'unknown fragment', body: op('{ lesson(id: "x") { ...Nope } }'), expect: VALIDATION_FAILED });
  cases.push({ kind: 'fragment-cycle', name: 'unused fragment', body: op('{ courses { id } } fragment U on Course { id }'), expect: VALIDATION_FAILED });
  const levels = 30;
  const bomb = Array.from({ length: levels }, (_, i) => (i === levels - 1 ? 'fragment F29 on Query { courses { id } }' : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)).join(' ');
  cases.push({ kind: 'fragment-cycle', name: 'fragment bomb: 2^29 root fields', body: op(`{ ...F0 } ${bomb}`), expect: { status: 400, code: 'TOO_MANY_ROOT_FIELDS' } });
  return cases;
}

function tokenFloods(maxTokens: number): HttpCase[] {
  return [maxTokens + 1, maxTokens * 2, maxTokens * 5, maxTokens * 20, maxTokens * 100].map((n) => ({
    kind: 'too-many-tokens' as const,
    name: `${n} tokens`,
    body: op(`{ courses { ${'id '.repeat(n)}} }`),
    expect: { status: 400, code: 'TOO_MANY_TOKENS' },
  }));
}

function directiveFloods(maxDirectives: number): HttpCase[] {
  const cases: HttpCase[] = [maxDirectives + 1, 60, 80, 100, 130].map((n) => ({
    kind: 'too-many-directives' as const,
    name: `${n} directives on one field`,
    body: op(`{ courses { id ${'@skip(if: false) '.repeat(n)}} }`),
    expect: { status: 400, code: 'TOO_MANY_DIRECTIVES' },
  }));
  cases.push({ kind: 'too-many-directives', name: 'directives spread across fields', body: op(`{ courses { ${'id @include(if: true) '.repeat(maxDirectives + 1)}} }`), expect: { status: 400, code: 'TOO_MANY_DIRECTIVES' } });
  return cases;
}

function hugeVariables(): HttpCase[] {
  const big = (n: number) => 'x'.repeat(n);
  const lesson = 'query ($id: ID!) { lesson(id: $id) { title } }';
  const search = 'query ($s: String) { lessons(filter: { search: $s }) { totalCount } }';
  const submit = 'mutation ($answers: [QuizAnswerInput!]!) { submitQuiz(quizId: "quiz-es-a1-01", answers: $answers) { score } }';
  return [
    { kind: 'huge-variables', name: 'search string of 10 KB', body: op(search, { s: big(10_000) }), expect: BAD_USER_INPUT_200 },
    { kind: 'huge-variables', name: 'search string of 1.5 MB', body: op(search, { s: big(1_500_000) }), expect: BAD_USER_INPUT_200 },
    { kind: 'huge-variables', name: 'lesson id of 100 KB', body: op(lesson, { id: big(100_000) }), expect: BAD_USER_INPUT_200 },
    { kind: 'huge-variables', name: 'lesson id of 1.9 MB', body: op(lesson, { id: big(1_900_000) }), expect: BAD_USER_INPUT_200 },
    { kind: 'huge-variables', name: 'huge string literal in the query', body: op(`{ lesson(id: "${big(1_000_000)}") { title } }`), expect: BAD_USER_INPUT_200 },
    { kind: 'huge-variables', name: '50,000 quiz answers, anonymous', body: op(submit, { answers: Array.from({ length: 50_000 }, (_, i) => ({ questionId: `q${i}`, chosenIndex: 0 })) }), expect: { status: 200, code: 'UNAUTHENTICATED' } },
    { kind: 'huge-variables', name: 'a list of 200,000 numbers for an ID', body: op(lesson, { id: Array.from({ length: 200_000 }, (_, i) => i) }), expect: BAD_USER_INPUT },
    { kind: 'huge-variables', name: 'an object nested 5,000 deep for an ID', body: `{"query":${json(lesson)},"variables":{"id":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`, expect: BAD_USER_INPUT },
    { kind: 'huge-variables', name: '100,000 unused variables', body: op(lesson, Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, i]).concat([['id', 'es-a1-01']]))), expect: { status: 200, code: 'NONE' } },
    { kind: 'huge-variables', name: 'quiz answers with a 1 MB question id, anonymous', body: op(submit, { answers: [{ questionId: big(1_000_000), chosenIndex: 0 }] }), expect: { status: 200, code: 'UNAUTHENTICATED' } },
  ];
}
/** Input the service refuses (its contract's `max`): the rest of the response resolves, so HTTP 200. */
const BAD_USER_INPUT_200 = { status: 200, code: 'BAD_USER_INPUT' };

function wrongVariableTypes(): HttpCase[] {
  const operations: { name: string; query: string; variable: string; wrong: unknown[] }[] = [
    { name: 'ID!', query: 'query ($v: ID!) { lesson(id: $v) { title } }', variable: 'v', wrong: [null, true, 1.5, { a: 1 }, [1, 2], undefined] },
    { name: 'Int first', query: 'query ($v: Int) { lessons(first: $v) { totalCount } }', variable: 'v', wrong: ['ten', 1.5, 2 ** 31, -(2 ** 31) - 1, true, { n: 1 }, [1], '1'] },
    { name: 'Boolean', query: 'query ($v: Boolean) { myNotifications(unreadOnly: $v) { id } }', variable: 'v', wrong: ['true', 1, 0, { b: true }, [true]] },
    { name: 'enum CefrLevel', query: 'query ($v: CefrLevel) { lessons(filter: { level: $v }) { totalCount } }', variable: 'v', wrong: ['Z9', 'a1', 1, true, { level: 'A1' }, ['A1']] },
    { name: 'input LessonFilter', query: 'query ($v: LessonFilter) { lessons(filter: $v) { totalCount } }', variable: 'v', wrong: ['es', 1, [{}], { nope: 1 }, { courseId: { id: 1 } }, { level: 'Q' }] },
    { name: 'String! from/to', query: 'query ($v: String!) { activeLearnersPerDay(from: $v, to: $v) { date } }', variable: 'v', wrong: [null, 20261101, { d: 1 }, ['2026-11-01'], false] },
    { name: '[QuizAnswerInput!]!', query: 'mutation ($v: [QuizAnswerInput!]!) { submitQuiz(quizId: "q", answers: $v) { score } }', variable: 'v', wrong: [null, [null], [{ questionId: 'q' }], [{ questionId: 'q', chosenIndex: 'one' }], [{ questionId: 'q', chosenIndex: 0, extra: 1 }], 'answers'] },
  ];
  const cases: HttpCase[] = [];
  for (const { name, query, variable, wrong } of operations) {
    for (const value of wrong) {
      const variables = value === undefined ? {} : { [variable]: value };
      cases.push({ kind: 'wrong-variable-types', name: `${name} given ${value === undefined ? 'nothing' : json(value)}`, body: op(query, variables), expect: BAD_USER_INPUT });
    }
  }
  cases.push({ kind: 'wrong-variable-types', name: 'variable declared with an unknown type', body: op('query ($v: Nope) { lesson(id: $v) { title } }', { v: 'x' }), expect: VALIDATION_FAILED });
  cases.push({ kind: 'wrong-variable-types', name: 'variable of the wrong declared type', body: op('query ($v: Int) { lesson(id: $v) { title } }', { v: 1 }), expect: VALIDATION_FAILED });
  cases.push({ kind: 'wrong-variable-types', name: 'undeclared variable', body: op('{ lesson(id: $v) { title } }', { v: 'x' }), expect: VALIDATION_FAILED });
  return cases;
}

function unknownOperations(): HttpCase[] {
  const two = 'query A { courses { id } } query B { courses { title } }';
  const cases: HttpCase[] = [
    { kind: 'unknown-operation', name: 'operationName not in the document', body: op('query A { courses { id } }', undefined, { operationName: 'B' }), expect: { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' } },
    { kind: 'unknown-operation', name: 'two operations, no operationName', body: op(two), expect: { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' } },
    { kind: 'unknown-operation', name: 'two operations, unknown operationName', body: op(two, undefined, { operationName: 'C' }), expect: { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' } },
    { kind: 'unknown-operation', name: 'only fragments', body: op('fragment F on Course { id }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'a schema definition', body: op('type Query { x: Int }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'duplicate operation names', body: op('query A { courses { id } } query A { courses { id } }', undefined, { operationName: 'A' }), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'unknown argument', body: op('{ lesson(id: "x", nope: 1) { title } }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'missing required argument', body: op('{ lesson { title } }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'selection on a scalar', body: op('{ unreadNotificationCount { id } }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'no selection on an object', body: op('{ courses }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'fragment on an unknown type', body: op('{ courses { ... on Nope { id } } }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'unknown directive', body: op('{ courses @nope { id } }'), expect: VALIDATION_FAILED },
    { kind: 'unknown-operation', name: 'a join__ directive from the supergraph', body: op('{ courses @join__field(graph: LESSON) { id } }'), expect: VALIDATION_FAILED },
  ];
  const rand = random(11);
  for (let i = 0; i < 8; i++) {
    const name = `f${Math.floor(rand() * 1e9).toString(36)}`;
    cases.push({ kind: 'unknown-operation', name: `unknown root field ${name}`, body: op(`{ ${name} }`), expect: VALIDATION_FAILED });
    cases.push({ kind: 'unknown-operation', name: `unknown nested field ${name}`, body: op(`{ courses { id ${name} } }`), expect: VALIDATION_FAILED });
  }
  cases.push({ kind: 'unknown-operation', name: 'a subscription over HTTP to an unknown field', body: op('subscription { nope }'), expect: VALIDATION_FAILED });
  cases.push({ kind: 'unknown-operation', name: 'a _service/_entities field of the subgraphs', body: op('{ _service { sdl } }'), expect: VALIDATION_FAILED });
  return cases;
}

function oversizedBodies(maxBodyBytes: number): HttpCase[] {
  const padded = (bytes: number) => `{"query":"{ courses { id } }","variables":{"pad":"${'p'.repeat(bytes)}"}}`;
  const tooLarge = { status: 413, code: 'PAYLOAD_TOO_LARGE' };
  return [
    { kind: 'oversized-body', name: 'limit + 1 byte', body: padded(maxBodyBytes), expect: tooLarge },
    { kind: 'oversized-body', name: '3 MB', body: padded(3 * 1024 * 1024), expect: tooLarge },
    { kind: 'oversized-body', name: '16 MB', body: padded(16 * 1024 * 1024), expect: tooLarge },
    { kind: 'oversized-body', name: 'whitespace-padded valid JSON over the limit', body: `${' '.repeat(maxBodyBytes)}${op('{ courses { id } }')}`, expect: tooLarge },
    { kind: 'oversized-body', name: '3 MB chunked, no content-length', body: { stream: 3 * 1024 * 1024 }, expect: tooLarge },
    { kind: 'oversized-body', name: '32 MB chunked, no content-length', body: { stream: 32 * 1024 * 1024 }, expect: tooLarge },
  ];
}

function batching(): HttpCase[] {
  const one = { query: '{ courses { id } }' };
  return [1, 2, 10, 1000].map((n) => ({ kind: 'batching' as const, name: `a batch of ${n}`, body: json(Array(n).fill(one)), expect: { status: 400, code: 'BATCHING_DISABLED' } })).concat([
    { kind: 'batching', name: 'an empty batch', body: '[]', expect: { status: 400, code: 'BATCHING_DISABLED' } },
  ]);
}

function httpProtocol(): HttpCase[] {
  const q = encodeURIComponent('{ courses { id } }');
  const m = encodeURIComponent('mutation { startLesson(lessonId: "es-a1-01") { status } }');
  return [
    { kind: 'http-protocol', name: 'GET without a query', method: 'GET', headers: { 'apollo-require-preflight': 'true' }, expect: BAD_REQUEST },
    { kind: 'http-protocol', name: 'GET without a CSRF-safe header (blocked as a simple request)', method: 'GET', search: `?query=${q}`, headers: { 'content-type': null }, expect: BAD_REQUEST },
    { kind: 'http-protocol', name: 'GET mutation', method: 'GET', search: `?query=${m}`, headers: { 'apollo-require-preflight': 'true' }, expect: { status: 405, code: 'BAD_REQUEST' } },
    { kind: 'http-protocol', name: 'GET with variables that are not JSON', method: 'GET', search: `?query=${q}&variables=%7Bnope`, headers: { 'apollo-require-preflight': 'true' }, expect: BAD_REQUEST },
    { kind: 'http-protocol', name: 'GET with a syntax error', method: 'GET', search: `?query=${encodeURIComponent('{ courses {')}`, headers: { 'apollo-require-preflight': 'true' }, expect: PARSE_FAILED },
    { kind: 'http-protocol', name: 'PUT', method: 'PUT', body: op('{ courses { id } }'), expect: { status: 405, code: 'BAD_REQUEST' } },
    { kind: 'http-protocol', name: 'DELETE', method: 'DELETE', expect: { status: 405, code: 'BAD_REQUEST' } },
    { kind: 'http-protocol', name: 'PATCH', method: 'PATCH', body: op('{ courses { id } }'), expect: { status: 405, code: 'BAD_REQUEST' } },
    { kind: 'http-protocol', name: 'an unknown path', path: '/admin', body: op('{ courses { id } }'), expect: { status: 404, code: 'NOT_FOUND' } },
    { kind: 'http-protocol', name: 'a path traversal', path: '/../../etc/passwd', expect: { status: 404, code: 'NOT_FOUND' } },
    { kind: 'http-protocol', name: 'POST with an empty body', body: '', expect: BAD_REQUEST },
  ];
}

function badTokens(): HttpCase[] {
  const header = (value: string): HttpCase['headers'] => ({ 'content-type': 'application/json', authorization: value });
  const b64 = (v: unknown) => Buffer.from(json(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin-max', roles: ['admin'], iss: 'puchi', aud: 'puchi-api' })}.`;
  const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin-max', roles: ['admin'], iss: 'puchi', aud: 'puchi-api' })}.${b64('not a signature')}`;
  const values = ['Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b', 'Bearer a.b.c', `Bearer ${unsigned}`, `Bearer ${forged}`, `Bearer ${'x'.repeat(8000)}`, 'bearer  two tokens'];
  return values.map((value) => ({ kind: 'bad-token' as const, name: value.slice(0, 40), headers: header(value), body: op('{ me { id } }'), expect: { status: 401, code: 'UNAUTHENTICATED' } }));
}

export interface CaseLimits {
  maxDepth: number;
  maxRootFields: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxBodyBytes: number;
}

/** Every HTTP case, for the gateway's limits. */
export function httpCases(limits: CaseLimits): HttpCase[] {
  return [
    ...malformedJson(),
    ...contentTypes(),
    ...syntaxErrors(),
    ...deepQueries(limits.maxDepth),
    ...wideQueries(limits.maxRootFields),
    ...aliasBombs(limits.maxAliases),
    ...fragmentCycles(),
    ...tokenFloods(limits.maxTokens),
    ...directiveFloods(limits.maxDirectives),
    ...hugeVariables(),
    ...wrongVariableTypes(),
    ...unknownOperations(),
    ...oversizedBodies(limits.maxBodyBytes),
    ...batching(),
    ...httpProtocol(),
    ...badTokens(),
  ];
}

/** Garbage for a Kafka topic: text, bytes, empty, null, JSON of the wrong shape. */
export function poisonValues(): { name: string; value: string | Buffer | null }[] {
  const rand = random(23);
  return [
    { name: 'not JSON', value: 'this is not json' },
    { name: 'truncated JSON', value: '{"keys":["es-a1-01"' },
    { name: 'empty value', value: '' },
    { name: 'null value (tombstone)', value: null },
    { name: 'random bytes', value: Buffer.from(Array.from({ length: 512 }, () => Math.floor(rand() * 256))) },
    { name: 'a JSON number', value: '42' },
    { name: 'deeply nested JSON', value: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
  ];
}
