import type { GraphQLResolveInfo } from 'graphql';
import type { SubgraphContext } from '@puchi/subgraph-kit';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** A single lesson in a course: a short unit of study with vocabulary, media and an optional quiz. */
export type Lesson = {
  __typename?: 'Lesson';
  /** The lesson's stable identifier. */
  id: Scalars['ID']['output'];
  /** The images, audio and video used by the lesson, in the order they appear. */
  media: Array<MediaAsset>;
};

/** An image, audio recording or video served from the media store. */
export type MediaAsset = {
  __typename?: 'MediaAsset';
  /** A text alternative for people who cannot see or hear the content (alt text, or a transcript for audio and video). */
  altText: Scalars['String']['output'];
  /** The playing time in seconds for AUDIO and VIDEO; null for IMAGE. */
  durationSeconds?: Maybe<Scalars['Float']['output']>;
  /** The height in pixels for IMAGE and VIDEO; null for AUDIO. */
  height?: Maybe<Scalars['Int']['output']>;
  /** The asset's stable identifier. */
  id: Scalars['ID']['output'];
  /** What kind of content the asset holds. */
  kind: MediaKind;
  /** The content's MIME type, for example `image/webp` or `audio/mpeg`. */
  mimeType: Scalars['String']['output'];
  /** An absolute URL the client can fetch the content from. */
  url: Scalars['String']['output'];
  /** The width in pixels for IMAGE and VIDEO; null for AUDIO. */
  width?: Maybe<Scalars['Int']['output']>;
};

/** What kind of content a media asset holds. */
export type MediaKind =
  /** A sound recording, such as a pronunciation. */
  | 'AUDIO'
  /** A still picture. */
  | 'IMAGE'
  /** A video clip. */
  | 'VIDEO';

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** A media asset by id; null when no such asset exists. */
  mediaAsset?: Maybe<MediaAsset>;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryMediaAssetArgs = {
  id: Scalars['ID']['input'];
};

/** A word or short phrase taught by a lesson, with its translation into the learner's native language. */
export type Word = {
  __typename?: 'Word';
  /** The word's stable identifier. */
  id: Scalars['ID']['output'];
  /** Pictures and pronunciation recordings of the word. */
  media: Array<MediaAsset>;
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
  MediaAsset: MediaAsset;
  Word: Word;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Lesson:
    ( { __typename: 'Lesson' }
    & GraphQLRecursivePick<FederationTypes['Lesson'], {"id":true}> );
  MediaAsset:
    ( { __typename: 'MediaAsset' }
    & GraphQLRecursivePick<FederationTypes['MediaAsset'], {"id":true}> );
  Word:
    ( { __typename: 'Word' }
    & GraphQLRecursivePick<FederationTypes['Word'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Lesson: ResolverTypeWrapper<{ id: string }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  MediaAsset: ResolverTypeWrapper<MediaAsset>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  MediaKind: MediaKind;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Word: ResolverTypeWrapper<{ id: string }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Lesson: { id: string };
  ID: Scalars['ID']['output'];
  MediaAsset: MediaAsset | FederationReferenceTypes['MediaAsset'];
  String: Scalars['String']['output'];
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  Query: Record<PropertyKey, never>;
  Word: { id: string };
  Boolean: Scalars['Boolean']['output'];
}>;

export type LessonResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Lesson'] = ResolversParentTypes['Lesson'], FederationReferenceType extends FederationReferenceTypes['Lesson'] = FederationReferenceTypes['Lesson']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Lesson']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  media?: Resolver<Array<ResolversTypes['MediaAsset']>, ParentType, ContextType>;
}>;

export type MediaAssetResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['MediaAsset'] = ResolversParentTypes['MediaAsset'], FederationReferenceType extends FederationReferenceTypes['MediaAsset'] = FederationReferenceTypes['MediaAsset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['MediaAsset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  altText?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  height?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MediaKind'], ParentType, ContextType>;
  mimeType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  mediaAsset?: Resolver<Maybe<ResolversTypes['MediaAsset']>, ParentType, ContextType, RequireFields<QueryMediaAssetArgs, 'id'>>;
}>;

export type WordResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Word'] = ResolversParentTypes['Word'], FederationReferenceType extends FederationReferenceTypes['Word'] = FederationReferenceTypes['Word']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Word']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  media?: Resolver<Array<ResolversTypes['MediaAsset']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  Lesson?: LessonResolvers<ContextType>;
  MediaAsset?: MediaAssetResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Word?: WordResolvers<ContextType>;
}>;

