// Integration tests start brokers and wait on consumer group joins: seconds, not milliseconds.
jest.setTimeout(60_000);
