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
  /** The words the lesson teaches, in the order they are introduced. */
  vocabulary: Array<Word>;
};

/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Records the signed-in learner's review of a word and returns its new Leitner box and next review time. */
  reviewWord: WordReview;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationReviewWordArgs = {
  correct: Scalars['Boolean']['input'];
  wordId: Scalars['ID']['input'];
};

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** A word by id; null when no such word exists. */
  word?: Maybe<Word>;
  /** The signed-in learner's words that are due for review now, most overdue first. Fails with `UNAUTHENTICATED` for anonymous requests. */
  wordsDueForReview: Array<Word>;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryWordArgs = {
  id: Scalars['ID']['input'];
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryWordsDueForReviewArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A word or short phrase taught by a lesson, with its translation into the learner's native language. */
export type Word = {
  __typename?: 'Word';
  /** A sentence using the word; null when the lesson gives none. */
  exampleSentence?: Maybe<Scalars['String']['output']>;
  /** The translation of `exampleSentence`; null when there is no example. */
  exampleTranslation?: Maybe<Scalars['String']['output']>;
  /** The word's stable identifier. */
  id: Scalars['ID']['output'];
  /** The lesson that introduces the word. */
  lesson: Lesson;
  /** Its grammatical category in lower case, for example `noun`, `verb`, `adjective` or `phrase`. */
  partOfSpeech: Scalars['String']['output'];
  /** The word or phrase in the language being learned. */
  term: Scalars['String']['output'];
  /** Its translation into the learner's native language. */
  translation: Scalars['String']['output'];
};

/** The outcome of reviewing one word, in the Leitner spaced-repetition system. */
export type WordReview = {
  __typename?: 'WordReview';
  /** The Leitner box the word is in now, from 1 (review daily) to 5 (well known): a correct answer moves it up one box, a wrong one back to box 1. */
  box: Scalars['Int']['output'];
  /** Whether the learner recalled the word correctly. */
  correct: Scalars['Boolean']['output'];
  /** When the word is next due for review. */
  nextReviewAt: Scalars['DateTime']['output'];
  /** The word reviewed. */
  word: Word;
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
  Word: Word;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Lesson:
    ( { __typename: 'Lesson' }
    & GraphQLRecursivePick<FederationTypes['Lesson'], {"id":true}> );
  Word:
    ( { __typename: 'Word' }
    & GraphQLRecursivePick<FederationTypes['Word'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Lesson: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Word: ResolverTypeWrapper<Omit<Word, 'lesson'> & { lesson: ResolversTypes['Lesson'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  WordReview: ResolverTypeWrapper<Omit<WordReview, 'word'> & { word: ResolversTypes['Word'] }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Lesson: { id: string };
  ID: Scalars['ID']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Word: Omit<Word, 'lesson'> & { lesson: ResolversParentTypes['Lesson'] } | FederationReferenceTypes['Word'];
  String: Scalars['String']['output'];
  WordReview: Omit<WordReview, 'word'> & { word: ResolversParentTypes['Word'] };
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson'], FederationReferenceType extends FederationReferenceTypes['Lesson'] = FederationReferenceTypes['Lesson']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Lesson']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  vocabulary?: Resolver<Array<ResolversTypes['Word']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  reviewWord?: Resolver<ResolversTypes['WordReview'], ParentType, ContextType, RequireFields<MutationReviewWordArgs, 'correct' | 'wordId'>>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  word?: Resolver<Maybe<ResolversTypes['Word']>, ParentType, ContextType, RequireFields<QueryWordArgs, 'id'>>;
  wordsDueForReview?: Resolver<Array<ResolversTypes['Word']>, ParentType, ContextType, RequireFields<QueryWordsDueForReviewArgs, 'first'>>;
}>;

export type WordResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Word'] = ResolversParentTypes['Word'], FederationReferenceType extends FederationReferenceTypes['Word'] = FederationReferenceTypes['Word']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Word']> | FederationReferenceType, FederationReferenceType, ContextType>;
  exampleSentence?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  exampleTranslation?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lesson?: Resolver<ResolversTypes['Lesson'], ParentType, ContextType>;
  partOfSpeech?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  term?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  translation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WordReviewResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['WordReview'] = ResolversParentTypes['WordReview']> = ResolversObject<{
  box?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  correct?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  nextReviewAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  word?: Resolver<ResolversTypes['Word'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Lesson?: LessonResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Word?: WordResolvers<ContextType>;
  WordReview?: WordReviewResolvers<ContextType>;
}>;

