import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { SubgraphContext } from '@puchi/subgraph-kit';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time as an ISO-8601 string in UTC, for example `2025-03-14T09:26:53.000Z`. */
  DateTime: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A level of the Common European Framework of Reference for Languages, from beginner (A1) to mastery (C2). */
export type CefrLevel =
  /** Breakthrough: understands and uses familiar everyday expressions. */
  | 'A1'
  /** Waystage: handles simple, routine exchanges on familiar topics. */
  | 'A2'
  /** Threshold: deals with most situations likely to arise while travelling. */
  | 'B1'
  /** Vantage: interacts with native speakers with a degree of fluency. */
  | 'B2'
  /** Effective operational proficiency: uses the language flexibly for social and professional purposes. */
  | 'C1'
  /** Mastery: understands virtually everything heard or read. */
  | 'C2';

/** A course: an ordered sequence of lessons teaching one language at one level. */
export type Course = {
  __typename?: 'Course';
  /** A paragraph describing what the course covers. */
  description: Scalars['String']['output'];
  /** The course's stable identifier. */
  id: Scalars['ID']['output'];
  /** The language the course teaches, as an ISO 639-1 code such as `es`. */
  language: Scalars['String']['output'];
  /** The course's published lessons, in order of `position`. */
  lessons: Array<Lesson>;
  /** The level the course is written for. */
  level: CefrLevel;
  /** The course's title, for example `Spanish for travellers`. */
  title: Scalars['String']['output'];
};

/** A single lesson in a course: a short unit of study with vocabulary, media and an optional quiz. */
export type Lesson = {
  __typename?: 'Lesson';
  /** The course the lesson belongs to. */
  course: Course;
  /** How long the lesson takes a typical learner, in minutes. */
  estimatedMinutes: Scalars['Int']['output'];
  /** The lesson's stable identifier. */
  id: Scalars['ID']['output'];
  /** The language the lesson teaches, as an ISO 639-1 code such as `es`. */
  language: Scalars['String']['output'];
  /** The level the lesson is written for. */
  level: CefrLevel;
  /** The lesson's place in its course, starting at 1. */
  position: Scalars['Int']['output'];
  /** When the lesson was published; only published lessons are served. */
  publishedAt: Scalars['DateTime']['output'];
  /** One or two sentences saying what the learner will be able to do after the lesson. */
  summary: Scalars['String']['output'];
  /** The lesson's title, for example `Ordering at a café`. */
  title: Scalars['String']['output'];
};

/** One page of lessons, in the Relay cursor connection format. */
export type LessonConnection = {
  __typename?: 'LessonConnection';
  /** The lessons on this page, each with its cursor. */
  edges: Array<LessonEdge>;
  /** Whether more lessons follow, and the cursor to ask for them with. */
  pageInfo: PageInfo;
  /** How many lessons match the filter across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** A lesson on a page of results, with the cursor that points at it. */
export type LessonEdge = {
  __typename?: 'LessonEdge';
  /** An opaque cursor; pass it as `after` to get the lessons that follow this one. */
  cursor: Scalars['String']['output'];
  /** The lesson. */
  node: Lesson;
};

/** Narrows the `lessons` query. Every field is optional; the given ones must all match. */
export type LessonFilter = {
  /** Only lessons of this course. */
  courseId?: InputMaybe<Scalars['ID']['input']>;
  /** Only lessons teaching this language (ISO 639-1 code). */
  language?: InputMaybe<Scalars['String']['input']>;
  /** Only lessons written for this level. */
  level?: InputMaybe<CefrLevel>;
  /** Only lessons whose title or summary contains this text (case-insensitive). */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** Where a page of a cursor connection ends and whether another follows. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last item on this page; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** Every course, ordered by language, then level, then title. */
  courses: Array<Course>;
  /** A lesson by id; null when no published lesson has that id. */
  lesson?: Maybe<Lesson>;
  /** Published lessons matching the filter, ordered by course and position, one page at a time. */
  lessons: LessonConnection;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryLessonArgs = {
  id: Scalars['ID']['input'];
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryLessonsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<LessonFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every lesson as it is published (or republished with changes). */
  lessonPublished: Lesson;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Course: Course;
  Lesson: Lesson;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Course:
    ( { __typename: 'Course' }
    & GraphQLRecursivePick<FederationTypes['Course'], {"id":true}> );
  Lesson:
    ( { __typename: 'Lesson' }
    & GraphQLRecursivePick<FederationTypes['Lesson'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CefrLevel: CefrLevel;
  Course: ResolverTypeWrapper<Omit<Omit<Course, 'lessons'> & { lessons: Array<ResolversTypes['Lesson']> }, 'lessons'>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Lesson: ResolverTypeWrapper<Omit<Omit<Lesson, 'course'> & { course: ResolversTypes['Course'] }, 'course'> & { courseId: string }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LessonConnection: ResolverTypeWrapper<Omit<LessonConnection, 'edges'> & { edges: Array<ResolversTypes['LessonEdge']> }>;
  LessonEdge: ResolverTypeWrapper<Omit<LessonEdge, 'node'> & { node: ResolversTypes['Lesson'] }>;
  LessonFilter: LessonFilter;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Course: Omit<Omit<Course, 'lessons'> & { lessons: Array<ResolversParentTypes['Lesson']> }, 'lessons'>;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Lesson: Omit<Omit<Lesson, 'course'> & { course: ResolversParentTypes['Course'] }, 'course'> & { courseId: string };
  Int: Scalars['Int']['output'];
  LessonConnection: Omit<LessonConnection, 'edges'> & { edges: Array<ResolversParentTypes['LessonEdge']> };
  LessonEdge: Omit<LessonEdge, 'node'> & { node: ResolversParentTypes['Lesson'] };
  LessonFilter: LessonFilter;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
}>;

export type CourseResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Course'] = ResolversParentTypes['Course'], FederationReferenceType extends FederationReferenceTypes['Course'] = FederationReferenceTypes['Course']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Course']> | FederationReferenceType, FederationReferenceType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lessons?: Resolver<Array<ResolversTypes['Lesson']>, ParentType, ContextType>;
  level?: Resolver<ResolversTypes['CefrLevel'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson'], FederationReferenceType extends FederationReferenceTypes['Lesson'] = FederationReferenceTypes['Lesson']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Lesson']> | FederationReferenceType, FederationReferenceType, ContextType>;
  course?: Resolver<ResolversTypes['Course'], ParentType, ContextType>;
  estimatedMinutes?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['CefrLevel'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  publishedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LessonConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LessonConnection'] = ResolversParentTypes['LessonConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['LessonEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LessonEdgeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LessonEdge'] = ResolversParentTypes['LessonEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  courses?: Resolver<Array<ResolversTypes['Course']>, ParentType, ContextType>;
  lesson?: Resolver<Maybe<ResolversTypes['Lesson']>, ParentType, ContextType, RequireFields<QueryLessonArgs, 'id'>>;
  lessons?: Resolver<ResolversTypes['LessonConnection'], ParentType, ContextType, RequireFields<QueryLessonsArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  lessonPublished?: SubscriptionResolver<ResolversTypes['Lesson'], "lessonPublished", ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Course?: CourseResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Lesson?: LessonResolvers<ContextType>;
  LessonConnection?: LessonConnectionResolvers<ContextType>;
  LessonEdge?: LessonEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

