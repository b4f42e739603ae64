import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
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

/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Creates an account for a new learner and returns it. Fails with `BAD_USER_INPUT` when the email is already registered. */
  registerUser: User;
  /** Changes the signed-in user's profile and returns the updated user. Fails with `UNAUTHENTICATED` for anonymous requests. */
  updateProfile: User;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationRegisterUserArgs = {
  input: RegisterUserInput;
};


/** The write operations of the Puchi API, merged from every domain's subgraph. */
export type MutationUpdateProfileArgs = {
  input: UpdateProfileInput;
};

/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type Query = {
  __typename?: 'Query';
  /** The signed-in user; null for anonymous requests. */
  me?: Maybe<User>;
  /** A user's public profile by id; null when no such user exists. */
  userProfile?: Maybe<User>;
};


/** The read operations of the Puchi API, merged from every domain's subgraph. */
export type QueryUserProfileArgs = {
  id: Scalars['ID']['input'];
};

/** The details of a new account. */
export type RegisterUserInput = {
  /** The name shown to other people and in the app (1 to 60 characters). */
  displayName: Scalars['String']['input'];
  /** The sign-in email address; must not be registered yet. */
  email: Scalars['String']['input'];
  /** The learner's starting level; beginners start at A1. */
  level?: InputMaybe<CefrLevel>;
  /** The language the learner already speaks, as an ISO 639-1 code such as `en`. */
  nativeLanguage: Scalars['String']['input'];
  /** The language the learner wants to learn, as an ISO 639-1 code such as `es`. */
  targetLanguage: Scalars['String']['input'];
};

/** Changes to the signed-in user's profile. Every field is optional; an omitted field keeps its value. */
export type UpdateProfileInput = {
  /** A new display name (1 to 60 characters). */
  displayName?: InputMaybe<Scalars['String']['input']>;
  /** A new level in the target language. */
  level?: InputMaybe<CefrLevel>;
  /** A new native language, as an ISO 639-1 code. */
  nativeLanguage?: InputMaybe<Scalars['String']['input']>;
  /** A new target language, as an ISO 639-1 code. */
  targetLanguage?: InputMaybe<Scalars['String']['input']>;
};

/** A learner (or staff member) with a Puchi account. Owned by the user subgraph; other subgraphs add fields such as `progress`. */
export type User = {
  __typename?: 'User';
  /** When the account was registered. */
  createdAt: Scalars['DateTime']['output'];
  /** The name shown to other people and in the app. */
  displayName: Scalars['String']['output'];
  /** The sign-in email address. Only visible to the user themself and to admins. */
  email: Scalars['String']['output'];
  /** The user's stable identifier. */
  id: Scalars['ID']['output'];
  /** The user's current level in the target language. */
  level: CefrLevel;
  /** The language the user already speaks, as an ISO 639-1 code such as `en`. */
  nativeLanguage: Scalars['String']['output'];
  /** The language the user is learning, as an ISO 639-1 code such as `es`. */
  targetLanguage: Scalars['String']['output'];
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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CefrLevel: CefrLevel;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  RegisterUserInput: RegisterUserInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  UpdateProfileInput: UpdateProfileInput;
  User: ResolverTypeWrapper<User>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  RegisterUserInput: RegisterUserInput;
  String: Scalars['String']['output'];
  UpdateProfileInput: UpdateProfileInput;
  User: User | FederationReferenceTypes['User'];
  Boolean: Scalars['Boolean']['output'];
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  registerUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationRegisterUserArgs, 'input'>>;
  updateProfile?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateProfileArgs, 'input'>>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  userProfile?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserProfileArgs, 'id'>>;
}>;

export type UserResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['CefrLevel'], ParentType, ContextType>;
  nativeLanguage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetLanguage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

