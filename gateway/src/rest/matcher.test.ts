import { createPathMatcher } from './matcher';
import { compileRoute, RestRouteError, type RestRoute } from './route';
import { REST_ROUTES } from './routes';
import { bindVariables } from './variables';

const match = createPathMatcher(REST_ROUTES.map(compileRoute));
const pathOf = (pathname: string) => match(pathname).map((m) => [m.route.route.path, m.params]);

describe('REST path matching', () => {
  it('binds a parameter segment, percent-decoded', () => {
    expect(pathOf('/api/users/learner-ana/profile')).toEqual([['/api/users/:id/profile', { id: 'learner-ana' }]]);
    expect(pathOf('/api/lessons/es%2Da1%2D04')).toEqual([['/api/lessons/:id', { id: 'es-a1-04' }]]);
  });

  it('prefers a literal segment to a parameter, whatever the table order', () => {
    expect(pathOf('/api/lessons/list')).toEqual([['/api/lessons/list', {}]]);
    const reversed = createPathMatcher([...REST_ROUTES].reverse().map(compileRoute));
    expect(reversed('/api/lessons/list').map((m) => m.route.route.path)).toEqual(['/api/lessons/list']);
  });

  it('ignores one trailing slash, as Express does, and matches nothing for an empty or extra segment', () => {
    expect(pathOf('/api/lessons/list/')).toEqual([['/api/lessons/list', {}]]);
    expect(pathOf('/api/users//profile')).toEqual([]);
    expect(pathOf('/api/users/learner-ana/profile/extra')).toEqual([]);
    expect(pathOf('/api/lessons')).toEqual([]);
    expect(pathOf('/api/Lessons/list')).toEqual([]);
  });

  it('refuses a malformed escape in a matched path with BAD_USER_INPUT', () => {
    expect(() => match('/api/lessons/%E0%A4%A')).toThrow(expect.objectContaining({ status: 400, code: 'BAD_USER_INPUT' }));
    expect(match('/api/nowhere/%E0%A4%A')).toEqual([]);
  });
});

describe('REST variables', () => {
  const list = compileRoute(REST_ROUTES.find((r) => r.path === '/api/lessons/list')!);
  const bind = (search: string) => bindVariables(list, {}, new URLSearchParams(search));

  it('binds query parameters by name, numbers parsed, empty ones and unknown ones left out', () => {
    expect(bind('courseId=es-a1&level=A1&first=5&after=abc&search=&_=170000')).toEqual({ courseId: 'es-a1', level: 'A1', first: 5, after: 'abc' });
    expect(bind('first=-1')).toEqual({ first: -1 });
  });

  it.each([
    ['first=ten', 'first: must be an integer'],
    ['first=10abc', 'first: must be an integer'],
    ['first=1.5', 'first: must be an integer'],
    ['level=A1&level=B1', 'level: given more than once'],
  ])('refuses %s', (search, message) => {
    expect(() => bind(search)).toThrow(expect.objectContaining({ status: 400, code: 'BAD_USER_INPUT', message }));
  });
});

describe('REST route table', () => {
  const route = (over: Partial<RestRoute>): RestRoute => ({
    method: 'GET',
    path: '/api/things/:id',
    summary: 'a thing',
    document: 'query Thing($id: ID!) { lesson(id: $id) { id } }',
    result: 'lesson',
    access: 'anyone',
    ...over,
  });

  it('compiles a route whose parameters and variables agree', () => {
    const compiled = compileRoute(route({}));
    expect(compiled.operationName).toBe('Thing');
    expect(compiled.segments).toEqual(['api', 'things', { param: 'id' }]);
  });

  it.each([
    ['a path outside /api/', { path: '/things/:id' }, 'must be under /api/'],
    ['an anonymous query', { document: 'query ($id: ID!) { lesson(id: $id) { id } }' }, 'needs exactly one named query'],
    ['a mutation', { document: 'mutation Thing($id: ID!) { startLesson(lessonId: $id) { status } }', result: 'startLesson' }, 'needs exactly one named query'],
    ['a result that is no root field', { result: 'lessons' }, 'no root field "lessons"'],
    ['a parameter without its variable', { path: '/api/things/:thingId' }, 'parameter "thingId" has no variable'],
    ['a variable bound to nothing', { document: 'query Thing($id: ID!, $first: Int) { lesson(id: $id) { id } }' }, 'variable $first is bound to no parameter'],
    ['a required variable in the query string', { path: '/api/things', query: ['id'] }, 'required variable $id must be a path parameter'],
    ['notFound naming no path parameter', { notFound: { entity: 'thing', param: 'x' } }, 'notFound names "x"'],
  ])('refuses %s at startup', (_name, over, message) => {
    expect(() => compileRoute(route(over as Partial<RestRoute>))).toThrow(RestRouteError);
    expect(() => compileRoute(route(over as Partial<RestRoute>))).toThrow(message);
  });
});
