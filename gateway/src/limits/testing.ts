import { buildSchema, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';

/** A small schema shaped like ours (a paged connection, lists, a cycle) for the limit rules' tests. */
export const limitsTestSchema: GraphQLSchema = buildSchema(`
  type Query {
    lesson(id: ID!): Lesson
    lessons(first: Int = 20, after: String): LessonConnection!
    courses: [Course!]!
    notifications(first: Int = 20): [Notification!]!
    word(id: ID!): Word
  }
  type Mutation { startLesson(lessonId: ID!): Lesson }
  type LessonConnection { totalCount: Int! edges: [LessonEdge!]! }
  type LessonEdge { cursor: String! node: Lesson! }
  type Course { id: ID! title: String! lessons: [Lesson!]! }
  type Lesson { id: ID! title: String! course: Course! vocabulary: [Word!]! }
  type Word { id: ID! term: String! lesson: Lesson! }
  type Notification { id: ID! kind: String! }
`);

/** The messages a rule reports for `query` (with graphql-js's own rules first, as Apollo Server runs them). */
export function reported(rule: ValidationRule, query: string): { code: unknown; message: string }[] {
  return validate(limitsTestSchema, parse(query), [...specifiedRules, rule])
    .filter((e) => typeof e.extensions.code === 'string')
    .map((e) => ({ code: e.extensions.code, message: e.message }));
}

/** `{ word(id: "x") { lesson { vocabulary { lesson { … { id } } } } } }`: `levels` fields deep, the leaf included. */
export function nested(levels: number): string {
  const chain = ['word(id: "x")'];
  for (let i = 1; i < levels - 1; i++) chain.push(i % 2 === 1 ? 'lesson' : 'vocabulary');
  return `{ ${chain.join(' { ')} { id${' }'.repeat(chain.length)} }`;
}
