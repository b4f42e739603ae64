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
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
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

/** A domain event as it was published, with where it sits in its topic. */
export type DomainEvent = {
  __typename?: 'DomainEvent';
  /** The event's unique id (the same on every redelivery). */
  id: Scalars['ID']['output'];
  /** The lesson the payload names (`lessonId`), if any. */
  lesson?: Maybe<Lesson>;
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** The offset in that partition (a 64-bit integer as a string). */
  offset: Scalars['String']['output'];
  /** The partition of the topic. */
  partition: Scalars['Int']['output'];
  /** The event's payload. */
  payload: Scalars['JSON']['output'];
  /** The version of the payload's schema. */
  schemaVersion: Scalars['Int']['output'];
  /** The service that published it. */
  source: Scalars['String']['output'];
  /** The entity the event is about (also its Kafka key). */
  subject: Scalars['String']['output'];
  /** The topic, such as `progress-events`. */
  topic: Scalars['String']['output'];
  /** What happened, `<entity>.<past-tense verb>`. */
  type: Scalars['String']['output'];
  /** The user the payload names (`userId`), if any. */
  user?: Maybe<User>;
};

/** Which events to deliver; every given criterion must match. */
export type EventFilter = {
  /** Only events about this lesson (the payload's `lessonId`). */
  lessonId?: InputMaybe<Scalars['ID']['input']>;
  /** Event types, such as `progress.lesson-completed`; any when omitted. */
  types?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only events about this user (the payload's `userId`). */
  userId?: InputMaybe<Scalars['ID']['input']>;
};

/** Where a feed starts. Omitted: only events published from now on. History needs the analyst or admin role and lies within the gateway's replay window. */
export type EventPosition = {
  /** Start at these offsets; partitions not listed start at their end. */
  offsets?: InputMaybe<Array<PartitionOffsetInput>>;
  /** Start at the first event at or after this time. */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A domain event topic an analyst can follow. */
export type EventTopic =
  /** analytics-events */
  | 'ANALYTICS'
  /** lesson-events */
  | 'LESSON'
  /** media-events */
  | 'MEDIA'
  /** notification-events */
  | 'NOTIFICATION'
  /** progress-events */
  | 'PROGRESS'
  /** quiz-events */
  | 'QUIZ'
  /** user-events */
  | 'USER'
  /** vocabulary-events */
  | 'VOCABULARY';

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

/** A position in one partition of a topic. */
export type PartitionOffsetInput = {
  /** The offset of the first event to deliver. */
  offset: Scalars['String']['input'];
  /** The partition. */
  partition: Scalars['Int']['input'];
  /** The topic. */
  topic: EventTopic;
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

/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type Subscription = {
  __typename?: 'Subscription';
  /** A live feed of domain events for analysts and admins, filtered on the server, optionally replayed from a time or offsets first (history then live, no gap, no duplicate at the switch). */
  events: DomainEvent;
};


/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type SubscriptionEventsArgs = {
  filter?: InputMaybe<EventFilter>;
  from?: InputMaybe<EventPosition>;
  topics: Array<EventTopic>;
};

/** A learner (or staff member) with a Puchi account. Owned by the user subgraph; other subgraphs add fields such as `progress`. */
export type User = {
  __typename?: 'User';
  /** The user's stable identifier. */
  id: Scalars['ID']['output'];
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
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DomainEvent: ResolverTypeWrapper<Omit<DomainEvent, 'lesson'> & { lesson?: Maybe<ResolversTypes['Lesson']> }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  EventFilter: EventFilter;
  EventPosition: EventPosition;
  EventTopic: EventTopic;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Lesson: ResolverTypeWrapper<{ id: string }>;
  LessonCompletionRate: ResolverTypeWrapper<Omit<LessonCompletionRate, 'lesson'> & { lesson: ResolversTypes['Lesson'] }>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  PartitionOffsetInput: PartitionOffsetInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AnalyticsTotals: AnalyticsTotals;
  Int: Scalars['Int']['output'];
  DailyActiveLearners: DailyActiveLearners;
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  DomainEvent: Omit<DomainEvent, 'lesson'> & { lesson?: Maybe<ResolversParentTypes['Lesson']> };
  ID: Scalars['ID']['output'];
  EventFilter: EventFilter;
  EventPosition: EventPosition;
  JSON: Scalars['JSON']['output'];
  Lesson: { id: string };
  LessonCompletionRate: Omit<LessonCompletionRate, 'lesson'> & { lesson: ResolversParentTypes['Lesson'] };
  Float: Scalars['Float']['output'];
  PartitionOffsetInput: PartitionOffsetInput;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: User;
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

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DomainEventResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['DomainEvent'] = ResolversParentTypes['DomainEvent']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lesson?: Resolver<Maybe<ResolversTypes['Lesson']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  offset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  partition?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  schemaVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topic?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

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

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  events?: SubscriptionResolver<ResolversTypes['DomainEvent'], "events", ParentType, ContextType, RequireFields<SubscriptionEventsArgs, 'topics'>>;
}>;

export type UserResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  AnalyticsTotals?: AnalyticsTotalsResolvers<ContextType>;
  DailyActiveLearners?: DailyActiveLearnersResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DomainEvent?: DomainEventResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Lesson?: LessonResolvers<ContextType>;
  LessonCompletionRate?: LessonCompletionRateResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

