import { GraphQLError, parse } from 'graphql';
import { createFormatError } from './format-error';
import { parseOptions } from './tokens';

describe('createFormatError', () => {
  const production = createFormatError({ mask: true });
  const development = createFormatError({ mask: false });

  it('masks internal and unknown errors in production, keeping where they happened', () => {
    const formatted = { message: 'SQLITE_CORRUPT at /srv/data/quiz.sqlite', path: ['lesson', 'quiz'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'], service: 'quiz' } };
    expect(production(formatted, undefined)).toEqual({ message: 'internal error', path: ['lesson', 'quiz'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(production({ message: 'boom' }, undefined)).toEqual({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(development(formatted, undefined)).toBe(formatted);
  });

  it('keeps domain codes, their messages and safe hints only', () => {
    const formatted = { message: 'the quiz service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', retriable: true, service: 'quiz', stacktrace: ['x'] } };
    expect(production(formatted, undefined)).toEqual({ message: 'the quiz service is unavailable', extensions: { code: 'SERVICE_UNAVAILABLE', retriable: true } });
  });

  it('gives a limit rejection its own code back from the validation wrapper', () => {
    const limit = new GraphQLError('the query is 12 levels deep; at most 10 are allowed', { extensions: { code: 'QUERY_TOO_DEEP' } });
    const wrapper = new GraphQLError(limit.message, { originalError: limit, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(production({ message: limit.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapper).extensions).toEqual({ code: 'QUERY_TOO_DEEP' });
  });

  it("gives Apollo Server's code-less 400s BAD_REQUEST", () => {
    const original = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(production({ message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, original)).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
  });

  it('gives the parser token limit TOO_MANY_TOKENS', () => {
    let message = '';
    try {
      parse(`{ a ${'b '.repeat(20)}}`, parseOptions(10));
    } catch (error) {
      message = (error as Error).message;
    }
    const formatted = { message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    expect(development(formatted, undefined)).toEqual({ message: 'the query has more than 10 tokens', extensions: { code: 'TOO_MANY_TOKENS' } });
  });
});
