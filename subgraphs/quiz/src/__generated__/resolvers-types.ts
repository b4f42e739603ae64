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
  /** The quiz that checks the lesson; null when the lesson has none. */
  quiz?: Maybe<Quiz>;
};

/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Grades the signed-in learner's answers to a quiz and returns the result with the correct answers. Fails with `BAD_USER_INPUT` for unknown question ids or out-of-range choices. */
  submitQuiz: QuizResult;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationSubmitQuizArgs = {
  answers: Array<QuizAnswerInput>;
  quizId: Scalars['ID']['input'];
};

/** A multiple-choice quiz that checks one lesson. */
export type Quiz = {
  __typename?: 'Quiz';
  /** The quiz's stable identifier. */
  id: Scalars['ID']['output'];
  /** The lesson the quiz checks. */
  lesson: Lesson;
  /** The score from 0 to 100 needed to pass. */
  passingScore: Scalars['Int']['output'];
  /** The questions, in the order they are asked. */
  questions: Array<QuizQuestion>;
  /** The quiz's title. */
  title: Scalars['String']['output'];
};

/** The learner's answer to one question. */
export type QuizAnswerInput = {
  /** The index of the chosen answer in the question's `choices`, starting at 0. */
  chosenIndex: Scalars['Int']['input'];
  /** The id of the question answered. */
  questionId: Scalars['ID']['input'];
};

/** The grading of one answer. */
export type QuizAnswerResult = {
  __typename?: 'QuizAnswerResult';
  /** The index of the choice the learner picked. */
  chosenIndex: Scalars['Int']['output'];
  /** Whether the picked choice is the correct one. */
  correct: Scalars['Boolean']['output'];
  /** The index of the correct choice. */
  correctIndex: Scalars['Int']['output'];
  /** The id of the question answered. */
  questionId: Scalars['ID']['output'];
};

/** A quiz submission graded by the quiz service, as it happens. */
export type QuizGrade = {
  __typename?: 'QuizGrade';
  /** How many questions were answered correctly. */
  correctCount: Scalars['Int']['output'];
  /** When it was graded. */
  gradedAt: Scalars['DateTime']['output'];
  /** The quiz's lesson. */
  lesson: Lesson;
  /** Whether the score reached the quiz's passing score. */
  passed: Scalars['Boolean']['output'];
  /** How many questions the quiz has. */
  questionCount: Scalars['Int']['output'];
  /** The quiz. */
  quiz: Quiz;
  /** The score from 0 to 100. */
  score: Scalars['Int']['output'];
  /** The learner who submitted. */
  user: User;
};

/** A multiple-choice question. The correct answer is never exposed here; it is revealed only in a `QuizResult`. */
export type QuizQuestion = {
  __typename?: 'QuizQuestion';
  /** The possible answers, in the order shown; an answer is given by its index, starting at 0. */
  choices: Array<Scalars['String']['output']>;
  /** The question's stable identifier, unique within its quiz. */
  id: Scalars['ID']['output'];
  /** The question as shown to the learner. */
  prompt: Scalars['String']['output'];
};

/** The graded outcome of one quiz submission. */
export type QuizResult = {
  __typename?: 'QuizResult';
  /** The grading of each answer given, in the order of the quiz's questions. */
  answers: Array<QuizAnswerResult>;
  /** How many questions were answered correctly. */
  correctCount: Scalars['Int']['output'];
  /** Whether the score reaches the quiz's `passingScore`. */
  passed: Scalars['Boolean']['output'];
  /** How many questions the quiz has; unanswered questions count as wrong. */
  questionCount: Scalars['Int']['output'];
  /** The quiz that was submitted. */
  quiz: Quiz;
  /** The score from 0 to 100: the share of questions answered correctly, rounded to the nearest integer. */
  score: Scalars['Int']['output'];
};

/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every graded quiz submission of a learner. Learners may follow only themselves; admins anyone. */
  quizGraded: QuizGrade;
};


/** The live operations of the Puchi API (graphql-ws on /graphql), merged from every domain's subgraph. */
export type SubscriptionQuizGradedArgs = {
  userId: Scalars['ID']['input'];
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
  Quiz: Quiz;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Lesson:
    ( { __typename: 'Lesson' }
    & GraphQLRecursivePick<FederationTypes['Lesson'], {"id":true}> );
  Quiz:
    ( { __typename: 'Quiz' }
    & GraphQLRecursivePick<FederationTypes['Quiz'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Lesson: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Quiz: ResolverTypeWrapper<Omit<Quiz, 'lesson'> & { lesson: ResolversTypes['Lesson'] }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  QuizAnswerInput: QuizAnswerInput;
  QuizAnswerResult: ResolverTypeWrapper<QuizAnswerResult>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  QuizGrade: ResolverTypeWrapper<Omit<QuizGrade, 'lesson' | 'quiz'> & { lesson: ResolversTypes['Lesson'], quiz: ResolversTypes['Quiz'] }>;
  QuizQuestion: ResolverTypeWrapper<QuizQuestion>;
  QuizResult: ResolverTypeWrapper<Omit<QuizResult, 'quiz'> & { quiz: ResolversTypes['Quiz'] }>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Lesson: { id: string };
  ID: Scalars['ID']['output'];
  Mutation: Record<PropertyKey, never>;
  Quiz: Omit<Quiz, 'lesson'> & { lesson: ResolversParentTypes['Lesson'] } | FederationReferenceTypes['Quiz'];
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  QuizAnswerInput: QuizAnswerInput;
  QuizAnswerResult: QuizAnswerResult;
  Boolean: Scalars['Boolean']['output'];
  QuizGrade: Omit<QuizGrade, 'lesson' | 'quiz'> & { lesson: ResolversParentTypes['Lesson'], quiz: ResolversParentTypes['Quiz'] };
  QuizQuestion: QuizQuestion;
  QuizResult: Omit<QuizResult, 'quiz'> & { quiz: ResolversParentTypes['Quiz'] };
  Subscription: Record<PropertyKey, never>;
  User: User;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson'], FederationReferenceType extends FederationReferenceTypes['Lesson'] = FederationReferenceTypes['Lesson']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Lesson']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quiz?: Resolver<Maybe<ResolversTypes['Quiz']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  submitQuiz?: Resolver<ResolversTypes['QuizResult'], ParentType, ContextType, RequireFields<MutationSubmitQuizArgs, 'answers' | 'quizId'>>;
}>;

export type QuizResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Quiz'] = ResolversParentTypes['Quiz'], FederationReferenceType extends FederationReferenceTypes['Quiz'] = FederationReferenceTypes['Quiz']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Quiz']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
  passingScore?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  questions?: Resolver<Array<ResolversTypes['QuizQuestion']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QuizAnswerResultResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['QuizAnswerResult'] = ResolversParentTypes['QuizAnswerResult']> = ResolversObject<{
  chosenIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  correct?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  correctIndex?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  questionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type QuizGradeResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['QuizGrade'] = ResolversParentTypes['QuizGrade']> = ResolversObject<{
  correctCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  gradedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
  passed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  questionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quiz?: Resolver<ResolversTypes['Quiz'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type QuizQuestionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['QuizQuestion'] = ResolversParentTypes['QuizQuestion']> = ResolversObject<{
  choices?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  prompt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QuizResultResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['QuizResult'] = ResolversParentTypes['QuizResult']> = ResolversObject<{
  answers?: Resolver<Array<ResolversTypes['QuizAnswerResult']>, ParentType, ContextType>;
  correctCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  passed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  questionCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quiz?: Resolver<ResolversTypes['Quiz'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  quizGraded?: SubscriptionResolver<ResolversTypes['QuizGrade'], "quizGraded", ParentType, ContextType, RequireFields<SubscriptionQuizGradedArgs, 'userId'>>;
}>;

export type UserResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Lesson?: LessonResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Quiz?: QuizResolvers<ContextType>;
  QuizAnswerResult?: QuizAnswerResultResolvers<ContextType>;
  QuizGrade?: QuizGradeResolvers<ContextType>;
  QuizQuestion?: QuizQuestionResolvers<ContextType>;
  QuizResult?: QuizResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

