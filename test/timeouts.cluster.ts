// Cluster tests start three brokers and wait on leader elections.
jest.setTimeout(180_000);
