import type { GraphQLResolveInfo } from 'graphql';
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
  _FieldSet: { input: unknown; output: unknown; }
};

/** Counts over the whole platform since launch. */
export type AnalyticsTotals = {
  __typename?: 'AnalyticsTotals';
  /** How many lesson completions have been recorded (a learner completing a lesson twice counts once). */
  lessonsCompleted: Scalars['Int']['output'];
  /** How many quiz submissions passed. */
  quizzesPassed: Scalars['Int']['output'];
  /** How many accounts have been registered. */
  registeredUsers: Scalars['Int']['output'];
};

/** How many learners were active on one day. */
export type DailyActiveLearners = {
  __typename?: 'DailyActiveLearners';
  /** How many distinct learners started or completed a lesson, reviewed a word or submitted a quiz that day. */
  activeLearners: Scalars['Int']['output'];
  /** The day (UTC) as `YYYY-MM-DD`. */
  date: Scalars['String']['output'];
};

/** A single lesson in a course: a short unit of study with vocabulary, media and an optional quiz. */
export type Lesson = {
  __typename?: 'Lesson';
  /** The lesson's stable identifier. */
  id: Scalars['ID']['output'];
};

/** How many learners started and completed one lesson. */
export type LessonCompletionRate = {
  __typename?: 'LessonCompletionRate';
  /** `learnersCompleted / learnersStarted`, from 0 to 1; 0 when nobody started. */
  completionRate: Scalars['Float']['output'];
  /** How many distinct learners completed the lesson. */
  learnersCompleted: Scalars['Int']['output'];
  /** How many distinct learners started the lesson. */
  learnersStarted: Scalars['Int']['output'];
  /** The lesson. */
  lesson: Lesson;
};

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** Active learners for each day from `from` to `to` inclusive, oldest first; days without activity are reported with 0. Analysts and admins only. */
  activeLearnersPerDay: Array<DailyActiveLearners>;
  /** Platform-wide counts. Analysts and admins only. */
  analyticsTotals: AnalyticsTotals;
  /** Completion rates per lesson, lowest rate first. Analysts and admins only: fails with `FORBIDDEN` for other users and `UNAUTHENTICATED` for anonymous requests. */
  lessonCompletionRates: Array<LessonCompletionRate>;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryActiveLearnersPerDayArgs = {
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryLessonCompletionRatesArgs = {
  courseId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


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





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AnalyticsTotals: ResolverTypeWrapper<AnalyticsTotals>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DailyActiveLearners: ResolverTypeWrapper<DailyActiveLearners>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Lesson: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  LessonCompletionRate: ResolverTypeWrapper<Omit<LessonCompletionRate, 'lesson'> & { lesson: ResolversTypes['Lesson'] }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AnalyticsTotals: AnalyticsTotals;
  Int: Scalars['Int']['output'];
  DailyActiveLearners: DailyActiveLearners;
  String: Scalars['String']['output'];
  Lesson: { id: string };
  ID: Scalars['ID']['output'];
  LessonCompletionRate: Omit<LessonCompletionRate, 'lesson'> & { lesson: ResolversParentTypes['Lesson'] };
  Float: Scalars['Float']['output'];
  Query: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
}>;

export type AnalyticsTotalsResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['AnalyticsTotals'] = ResolversParentTypes['AnalyticsTotals']> = ResolversObject<{
  lessonsCompleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quizzesPassed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  registeredUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DailyActiveLearnersResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['DailyActiveLearners'] = ResolversParentTypes['DailyActiveLearners']> = ResolversObject<{
  activeLearners?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type LessonCompletionRateResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['LessonCompletionRate'] = ResolversParentTypes['LessonCompletionRate']> = ResolversObject<{
  completionRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  learnersCompleted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  learnersStarted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  activeLearnersPerDay?: Resolver<Array<ResolversTypes['DailyActiveLearners']>, ParentType, ContextType, RequireFields<QueryActiveLearnersPerDayArgs, 'from' | 'to'>>;
  analyticsTotals?: Resolver<ResolversTypes['AnalyticsTotals'], ParentType, ContextType>;
  lessonCompletionRates?: Resolver<Array<ResolversTypes['LessonCompletionRate']>, ParentType, ContextType, RequireFields<QueryLessonCompletionRatesArgs, 'first'>>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  AnalyticsTotals?: AnalyticsTotalsResolvers<ContextType>;
  DailyActiveLearners?: DailyActiveLearnersResolvers<ContextType>;
  Lesson?: LessonResolvers<ContextType>;
  LessonCompletionRate?: LessonCompletionRateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

