import { DOMAINS, opsPort, subgraphPort } from '.';

describe('ops ports', () => {
  it('gives each domain its own, 8001 to 8008 in registry order, apart from the standalone subgraph ports', () => {
    expect(DOMAINS.map(opsPort)).toEqual([8001, 8002, 8003, 8004, 8005, 8006, 8007, 8008]);
    expect(opsPort('user')).toBe(8001);
    expect(opsPort('analytics')).toBe(8008);
    const subgraphs = new Set(DOMAINS.map(subgraphPort));
    expect(DOMAINS.some((d) => subgraphs.has(opsPort(d)))).toBe(false);
  });
});
