export { counter, gauge, histogram, LATENCY_BUCKETS } from './families';
export { hotCounter, hotGauge, hotHistogram, type HotCounter, type HotGauge, type HotHistogram } from './hot-path-metrics';
export { ensureDefaultMetrics } from './default-metrics';
export { kafkaMetrics, KAFKA_METRICS } from './kafka-metrics';
export { OpsServerError, startOpsServer, type OpsListen, type OpsServer, type Readiness } from './ops-server';
export { SERVICE_METRICS, startServiceOps, type ServiceOps } from './service-ops';
export { STORE_METRICS } from './store-metrics';
