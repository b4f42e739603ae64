export { operationSpanOf, operationSpanPlugin, startOperationSpan, operationAttributes, operationSpanName } from './operation';
export { fetchAttributes, tracedDataSource, withFetchSpans } from './fetch';
export { startGatewayTracing, tracedLogOptions } from './process';
