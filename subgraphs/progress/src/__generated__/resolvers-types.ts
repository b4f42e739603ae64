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

/** A single lesson in a course: a short unit of study with vocabulary, media and an optional quiz. */
export type Lesson = {
  __typename?: 'Lesson';
  /** The lesson's stable identifier. */
  id: Scalars['ID']['output'];
  /** The signed-in learner's progress on this lesson; null for anonymous requests. */
  progress?: Maybe<LessonProgress>;
};

/** One learner's progress on one lesson. */
export type LessonProgress = {
  __typename?: 'LessonProgress';
  /** When the learner completed the lesson; null until COMPLETED. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The lesson. */
  lesson: Lesson;
  /** The score from 0 to 100 the learner finished with; null until the lesson is completed with a score. */
  score?: Maybe<Scalars['Int']['output']>;
  /** When the learner first started the lesson; null while NOT_STARTED. */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Where the learner stands in the lesson. */
  status: ProgressStatus;
};

/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Marks a lesson as completed by the signed-in learner and returns the progress. Completing again keeps the best score. */
  completeLesson: LessonProgress;
  /** Marks a lesson as started by the signed-in learner (idempotent: restarting keeps the first start time) and returns the progress. */
  startLesson: LessonProgress;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationCompleteLessonArgs = {
  lessonId: Scalars['ID']['input'];
  score?: InputMaybe<Scalars['Int']['input']>;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationStartLessonArgs = {
  lessonId: Scalars['ID']['input'];
};

/** Where a learner stands in a lesson. */
export type ProgressStatus =
  /** The learner completed the lesson. */
  | 'COMPLETED'
  /** The learner started the lesson and has not completed it. */
  | 'IN_PROGRESS'
  /** The learner has not opened the lesson yet. */
  | 'NOT_STARTED';

/** One change to a learner's progress, as it happens. */
export type ProgressUpdate = {
  __typename?: 'ProgressUpdate';
  /** What happened. */
  kind: ProgressUpdateKind;
  /** The lesson. */
  lesson: Lesson;
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** The score of a completion (0 to 100); null for a start or a completion without a score. */
  score?: Maybe<Scalars['Int']['output']>;
  /** The learner's status on the lesson after the change. */
  status: ProgressStatus;
  /** The learner. */
  user: User;
};

/** What happened to a learner's progress. */
export type ProgressUpdateKind =
  /** The learner completed the lesson (again, possibly with a better score). */
  | 'LESSON_COMPLETED'
  /** The learner started the lesson. */
  | 'LESSON_STARTED';

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** A learner's progress. Learners may read only their own; admins may read anyone's. */
  progress: UserProgress;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryProgressArgs = {
  userId: Scalars['ID']['input'];
};

/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every start and completion of a learner's lessons, as they happen. Learners may follow only themselves; admins anyone. */
  progressUpdated: ProgressUpdate;
};


/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type SubscriptionProgressUpdatedArgs = {
  userId: Scalars['ID']['input'];
};

/** A learner (or staff member) with a Puchi account. Owned by the user subgraph; other subgraphs add fields such as `progress`. */
export type User = {
  __typename?: 'User';
  /** The user's stable identifier. */
  id: Scalars['ID']['output'];
  /** The user's learning progress across all lessons. */
  progress: UserProgress;
};

/** A learner's progress across all lessons. */
export type UserProgress = {
  __typename?: 'UserProgress';
  /** Consecutive days, up to today (UTC), on which the learner completed at least one lesson; 0 when the streak is broken. */
  currentStreakDays: Scalars['Int']['output'];
  /** The learner's progress on each lesson they started, most recently active first. */
  lessons: Array<LessonProgress>;
  /** How many distinct lessons the learner has completed. */
  lessonsCompleted: Scalars['Int']['output'];
  /** How many distinct lessons the learner has started (including completed ones). */
  lessonsStarted: Scalars['Int']['output'];
  /** The longest run of such consecutive days ever. */
  longestStreakDays: Scalars['Int']['output'];
  /** The learner. */
  user: User;
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
  Lesson: Lesson;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Lesson:
    ( { __typename: 'Lesson' }
    & GraphQLRecursivePick<FederationTypes['Lesson'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Lesson: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  LessonProgress: ResolverTypeWrapper<Omit<LessonProgress, 'lesson'> & { lesson: ResolversTypes['Lesson'] }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ProgressStatus: ProgressStatus;
  ProgressUpdate: ResolverTypeWrapper<Omit<ProgressUpdate, 'lesson' | 'user'> & { lesson: ResolversTypes['Lesson'], user: ResolversTypes['User'] }>;
  ProgressUpdateKind: ProgressUpdateKind;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<{ id: string }>;
  UserProgress: ResolverTypeWrapper<Omit<UserProgress, 'lessons' | 'user'> & { lessons: Array<ResolversTypes['LessonProgress']>, user: ResolversTypes['User'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Lesson: { id: string };
  ID: Scalars['ID']['output'];
  LessonProgress: Omit<LessonProgress, 'lesson'> & { lesson: ResolversParentTypes['Lesson'] };
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  ProgressUpdate: Omit<ProgressUpdate, 'lesson' | 'user'> & { lesson: ResolversParentTypes['Lesson'], user: ResolversParentTypes['User'] };
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: { id: string };
  UserProgress: Omit<UserProgress, 'lessons' | 'user'> & { lessons: Array<ResolversParentTypes['LessonProgress']>, user: ResolversParentTypes['User'] };
  Boolean: Scalars['Boolean']['output'];
  String: Scalars['String']['output'];
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson'], FederationReferenceType extends FederationReferenceTypes['Lesson'] = FederationReferenceTypes['Lesson']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Lesson']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  progress?: Resolver<Maybe<ResolversTypes['LessonProgress']>, ParentType, ContextType>;
}>;

export type LessonProgressResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LessonProgress'] = ResolversParentTypes['LessonProgress']> = ResolversObject<{
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProgressStatus'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  completeLesson?: Resolver<ResolversTypes['LessonProgress'], ParentType, ContextType, RequireFields<MutationCompleteLessonArgs, 'lessonId'>>;
  startLesson?: Resolver<ResolversTypes['LessonProgress'], ParentType, ContextType, RequireFields<MutationStartLessonArgs, 'lessonId'>>;
}>;

export type ProgressUpdateResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ProgressUpdate'] = ResolversParentTypes['ProgressUpdate']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['ProgressUpdateKind'], ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ProgressStatus'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  progress?: Resolver<ResolversTypes['UserProgress'], ParentType, ContextType, RequireFields<QueryProgressArgs, 'userId'>>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  progressUpdated?: SubscriptionResolver<ResolversTypes['ProgressUpdate'], "progressUpdated", ParentType, ContextType, RequireFields<SubscriptionProgressUpdatedArgs, 'userId'>>;
}>;

export type UserResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['UserProgress'], ParentType, ContextType>;
}>;

export type UserProgressResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['UserProgress'] = ResolversParentTypes['UserProgress']> = ResolversObject<{
  currentStreakDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lessons?: Resolver<Array<ResolversTypes['LessonProgress']>, ParentType, ContextType>;
  lessonsCompleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lessonsStarted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  longestStreakDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Lesson?: LessonResolvers<ContextType>;
  LessonProgress?: LessonProgressResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  ProgressUpdate?: ProgressUpdateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserProgress?: UserProgressResolvers<ContextType>;
}>;

