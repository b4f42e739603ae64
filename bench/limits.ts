/**
 * `npm run bench:limits`: the gateway's hand-written limit rules (depth, aliases, directives, tokens) against
 * graphql-armor's, per operation, side by side in one run. Not a test.
 *
 *   npm run bench:limits [-- --rounds=60] [--batch-ms=4]
 *
 * Per limit and document, two measurements:
 * - `rule`: the rule alone, as graphql-js runs it once per request: the rule is instantiated on a validation context
 *   and its OperationDefinition visitor is called on every operation (no traversal, no other rule);
 * - `validate`: `validate(apiSchema, document, [...specifiedRules, rule])`, what the gateway pays per operation;
 * tokens: `parse` with graphql-js's `maxTokens` against armor's `MaxTokensParserWLexer`.
 * Each round runs every pair, both sides back to back in alternating order, a batch of about `batch-ms` each;
 * the table gives the median time per operation over rounds, and the median and middle half (quartiles) of the
 * per-round ratios armor / hand-written (above 1.2: armor is worse).
 * "hand-written" is the code as it was before the switch to armor, kept here to compare against: the same
 * `measureSelectionSet` (gateway/src/limits/selections.ts) with the measures depth.ts and aliases.ts had; "armor" is
 * armor's rule with the options the gateway's adapters give it (depth.ts, aliases.ts; directives as they would).
 * The schema is the gateway's API schema (the committed supergraph's).
 */
import { maxAliasesRule as armorMaxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule as armorMaxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule as armorMaxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { Supergraph } from '@apollo/federation-internals';
import { createRequire } from 'node:module';
import { loadSupergraphSdl } from '@puchi/schema';
import {
  getEnterLeaveForKind,
  getIntrospectionQuery,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  ValidationContext,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { Parser } from 'graphql/language/parser';
import { DEFAULT_LIMITS, fragmentsOf, isIntrospection, LIMIT_CODES, limitError, measureSelectionSet, type Measure } from '@puchi/gateway/limits';
import { armorMeasured } from '@puchi/gateway/limits';

const args = new Map(
  process.argv.slice(2).map((a): [string, string] => {
    const [name = '', ...value] = a.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const ROUNDS = Number(args.get('rounds') || 60);
const BATCH_MS = Number(args.get('batch-ms') || 4);
const WARMUP_MS = 300;
const say = (line: string) => console.log(`[bench:limits] ${line}`);

// ---- the two sides -------------------------------------------------------------------------------------------

/** A hand-written rule as depth.ts and aliases.ts had it before graphql-armor (and directives.ts still has). */
function handRule(measure: Measure, code: (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES], max: number, withOperationDirectives = false): ValidationRule {
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        const value = (withOperationDirectives ? (node.directives?.length ?? 0) : 0) + measureSelectionSet(node.selectionSet, fragments, measure);
        if (value > max) context.reportError(limitError(code, `${value} > ${max}`));
      },
    };
  };
}
const depthMeasure: Measure = { combine: 'max', field: (node, children) => (isIntrospection(node) ? 0 : 1 + children()) };
const aliasMeasure: Measure = { combine: 'sum', field: (node, children) => (node.alias ? 1 : 0) + children() };
const directiveMeasure: Measure = { combine: 'sum', field: (node, children) => (node.directives?.length ?? 0) + children(), fragment: (node) => node.directives?.length ?? 0 };

/** Armor's rule with the options the gateway's adapters give it (gateway/src/limits/depth.ts, aliases.ts). */
function reportAs(code: (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES], max: number) {
  return {
    n: max,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(code, `${armorMeasured(error)} > ${max}`))],
  };
}

const L = DEFAULT_LIMITS;
const rules: Record<'depth' | 'aliases' | 'directives', { max: number; hand: ValidationRule; armor: ValidationRule }> = {
  depth: {
    max: L.maxDepth,
    hand: handRule(depthMeasure, LIMIT_CODES.depth, L.maxDepth),
    armor: armorMaxDepthRule({ ...reportAs(LIMIT_CODES.depth, L.maxDepth), flattenFragments: true, ignoreIntrospection: true }),
  },
  aliases: {
    max: L.maxAliases,
    hand: handRule(aliasMeasure, LIMIT_CODES.aliases, L.maxAliases),
    armor: armorMaxAliasesRule({ ...reportAs(LIMIT_CODES.aliases, L.maxAliases), allowList: [] }),
  },
  directives: {
    max: L.maxDirectives,
    hand: handRule(directiveMeasure, LIMIT_CODES.directives, L.maxDirectives, true),
    armor: armorMaxDirectivesRule(reportAs(LIMIT_CODES.directives, L.maxDirectives)),
  },
};

// ---- documents ---------------------------------------------------------------------------------------------

const lessonCard = 'id title summary level estimatedMinutes __typename';
const documents: Record<string, string> = {
  typical: `query LessonsPage($first: Int = 20, $after: String, $withMedia: Boolean = false) {
    lessons(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor __typename }
      edges {
        cursor
        node {
          ${lessonCard}
          course { id title level __typename }
          progress { status score completedAt __typename }
          vocabulary { id term __typename }
          media @include(if: $withMedia) { id kind url altText __typename }
        }
        __typename
      }
      __typename
    }
    unread: unreadNotificationCount
    me { id __typename }
  }`,
  // 10 levels (the limit), with siblings on the way down.
  deep: `query Deep {
    lesson(id: "es-a1-01") {
      id title
      course {
        id title
        lessons {
          id
          course {
            id
            lessons {
              id
              quiz {
                id
                lesson {
                  id
                  vocabulary {
                    id term
                    lesson { id title }
                  }
                }
              }
            }
          }
        }
      }
    }
  }`,
  fragments: `query Dashboard($id: ID!) {
    current: lesson(id: $id) { ...LessonFull }
    next: lesson(id: "es-a1-02") { ...LessonFull }
    courses { ...CourseCard lessons { ...LessonCard } }
    notifications: myNotifications(first: 5) { ...NotificationRow }
  }
  fragment LessonCard on Lesson { ${lessonCard} progress { ...ProgressBits } }
  fragment LessonFull on Lesson {
    ...LessonCard
    course { ...CourseCard }
    vocabulary { ...WordRow }
    quiz { id title passingScore questions { __typename } }
    ... on Lesson @include(if: true) { media { id kind url } }
  }
  fragment CourseCard on Course { id title level language }
  fragment ProgressBits on LessonProgress { status score startedAt completedAt }
  fragment WordRow on Word { id term }
  fragment NotificationRow on Notification { id kind title readAt lesson { ...LessonCard } }`,
  introspection: getIntrospectionQuery({ descriptions: true, directiveIsRepeatable: true, schemaDescription: true, specifiedByUrl: true, inputValueDeprecation: true }),
  // Hostile: 30 fragments each spreading the next twice (2^29 aliased fields as executed), rejected by aliases.
  'fragment bomb': `{ courses { ...F0 } } ${Array.from({ length: 30 }, (_, i) => (i === 29 ? 'fragment F29 on Course { x: id }' : `fragment F${i} on Course { ...F${i + 1} ...F${i + 1} }`)).join(' ')}`,
};

// ---- measuring ---------------------------------------------------------------------------------------------

const schema: GraphQLSchema = Supergraph.build(loadSupergraphSdl()).apiSchema().toGraphQLJSSchema();
let sink = 0;

/** The rule alone: instantiated on a context (as validate does per request), its OperationDefinition entered per operation. */
function ruleAlone(rule: ValidationRule, document: DocumentNode): () => void {
  const context = new ValidationContext(schema, document, new TypeInfo(schema), () => void sink++);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return () => {
    const visitor: ASTVisitor = rule(context);
    const enter = getEnterLeaveForKind(visitor, Kind.OPERATION_DEFINITION).enter;
    for (const operation of operations) enter?.call(visitor, operation, undefined, undefined, [], []);
  };
}

function validated(rule: ValidationRule, document: DocumentNode): () => void {
  const all = [...specifiedRules, rule];
  return () => void (sink += validate(schema, document, all).length);
}

interface Pair {
  limit: string;
  document: string;
  mode: string;
  hand: () => void;
  armor: () => void;
  batch: number;
  samples: { hand: number[]; armor: number[] };
}

/** Nanoseconds per call over `n` calls. */
function time(fn: () => void, n: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - started) / n;
}

/** Warms both sides up and sizes the batch so that one takes about BATCH_MS. */
function calibrate(pair: Omit<Pair, 'batch' | 'samples'>): Pair {
  let calls = 0;
  const started = Date.now();
  while (Date.now() - started < WARMUP_MS) {
    pair.hand();
    pair.armor();
    calls++;
  }
  const perCall = Math.max(time(pair.hand, Math.max(1, calls >> 3)), time(pair.armor, Math.max(1, calls >> 3)));
  return { ...pair, batch: Math.max(1, Math.round((BATCH_MS * 1e6) / perCall)), samples: { hand: [], armor: [] } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---- sanity: both sides measure the same thing --------------------------------------------------------------

/** What a rule reports for a document, as "accepts" or the error. */
function verdict(rule: ValidationRule, document: DocumentNode): string {
  const errors = validate(schema, document, [rule]);
  return errors.length === 0 ? 'accepts' : `rejects (${errors.map((e) => e.message).join(', ')})`;
}

function tokenCount(parser: Parser): number {
  parser.parseDocument();
  return parser.tokenCount;
}

/** An installed package's version. */
const versionOf = (name: string): string => (createRequire(__filename)(`${name}/package.json`) as { version: string }).version;

function main(): void {
  const parsed = Object.fromEntries(Object.entries(documents).map(([name, text]) => [name, parse(text)]));
  const armorVersions = ['max-depth', 'max-aliases', 'max-directives', 'max-tokens'].map((p) => `${p} ${versionOf(`@escape.tech/graphql-armor-${p}`)}`);
  say(`graphql ${versionOf('graphql')}; graphql-armor ${armorVersions.join(', ')}; node ${process.version}`);
  say(`limits: depth ${L.maxDepth}, aliases ${L.maxAliases}, directives ${L.maxDirectives}, tokens ${L.maxTokens}; ${ROUNDS} rounds, batches of ~${BATCH_MS} ms`);
  for (const [name, document] of Object.entries(parsed)) {
    const verdicts = Object.entries(rules).map(([limit, { hand, armor }]) => {
      const h = verdict(hand, document);
      const a = verdict(armor, document);
      return `${limit} ${h === a ? h : `hand-written ${h}, armor ${a}`}`;
    });
    const ours = tokenCount(new Parser(documents[name]!, { maxTokens: L.maxTokens * 1000 }));
    const theirs = tokenCount(new MaxTokensParserWLexer(documents[name]!, { n: L.maxTokens * 1000 }));
    say(`"${name}": ${verdicts.join('; ')}; ${ours} tokens${ours === theirs ? '' : ` (armor counts ${theirs})`}`);
  }

  const pairs: Pair[] = [];
  for (const [name, document] of Object.entries(parsed)) {
    for (const [limit, { hand, armor }] of Object.entries(rules)) {
      pairs.push(calibrate({ limit, document: name, mode: 'rule', hand: ruleAlone(hand, document), armor: ruleAlone(armor, document) }));
    }
  }
  for (const [name, document] of Object.entries(parsed)) {
    for (const [limit, { hand, armor }] of Object.entries(rules)) {
      pairs.push(calibrate({ limit, document: name, mode: 'validate', hand: validated(hand, document), armor: validated(armor, document) }));
    }
  }
  for (const [name, text] of Object.entries(documents)) {
    // The limit is what the gateway sets; a document over it (none here) would throw on both sides.
    pairs.push(
      calibrate({
        limit: 'tokens',
        document: name,
        mode: 'parse',
        hand: () => void (sink += parse(text, { maxTokens: L.maxTokens }).definitions.length),
        armor: () => void (sink += new MaxTokensParserWLexer(text, { n: L.maxTokens }).parseDocument().definitions.length),
      }),
    );
  }

  say(`${pairs.length} pairs calibrated; measuring`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const pair of pairs) {
      const sides = round % 2 === 0 ? (['hand', 'armor'] as const) : (['armor', 'hand'] as const);
      for (const side of sides) pair.samples[side].push(time(pair[side], pair.batch));
    }
  }

  const us = (ns: number) => (ns / 1000).toFixed(ns < 10_000 ? 2 : 1);
  const rows = pairs.map((p) => {
    // Paired: each round's two batches ran back to back, so their ratio cancels drift between rounds.
    const ratios = p.samples.armor.map((armor, i) => armor / p.samples.hand[i]!).sort((a, b) => a - b);
    const ratio = median(ratios);
    const quartile = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))]!.toFixed(2);
    const verdict = ratio > 1.2 ? 'armor worse' : ratio < 1 / 1.2 ? 'armor better' : 'within 1.2x';
    return [p.limit, p.document, p.mode, us(median(p.samples.hand)), us(median(p.samples.armor)), `${ratio.toFixed(2)}x`, `${quartile(0.25)}–${quartile(0.75)}`, verdict];
  });
  const header = ['limit', 'document', 'measured', 'hand-written µs/op', 'armor µs/op', 'armor / hand', 'middle half', ''];
  const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  console.log(`\n${table.join('\n')}\n`);
  say(`medians over ${ROUNDS} rounds (sink ${sink > 0 ? 'used' : 'empty'})`);
}

main();
