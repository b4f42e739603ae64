import type { GraphQLFormattedError, ParseOptions } from 'graphql';
import { GATEWAY_CODES } from '../errors';
import { LIMIT_CODES } from './codes';

/**
 * The parser stops after `maxTokens` tokens (graphql-js's own limit), before building a huge AST. Not graphql-armor's
 * max-tokens: that is a parser of its own (`MaxTokensParserWLexer`, a Proxy around graphql-js's lexer) for envelop's
 * `onParse`, and Apollo Server takes parse options, not a parser; graphql-js's `maxTokens` counts the same tokens in
 * the same place, and faster (`npm run bench:limits`). It also
 * bounds nesting: every level takes at least two tokens (`{ }`), so no recursion deeper than maxTokens / 2
 * (Apollo Router's parser recursion limit is 500; maxTokens 1000 stays inside it).
 */
export function parseOptions(maxTokens: number): ParseOptions {
  return { maxTokens };
}

// graphql-js 16 says "more that N tokens"; accept the corrected spelling too.
const TOO_MANY_TOKENS = /Document contains more tha[nt] (\d+) tokens/;

/** graphql-js reports the token limit as a syntax error; give it its own code. Other errors: unchanged. */
export function withTokenCode(error: GraphQLFormattedError): GraphQLFormattedError {
  const match = TOO_MANY_TOKENS.exec(error.message);
  if (!match || error.extensions?.code !== GATEWAY_CODES.parseFailed) return error;
  return { message: `the query has more than ${match[1]} tokens`, extensions: { code: LIMIT_CODES.tokens } };
}
