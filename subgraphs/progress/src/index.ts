import { domainTopology } from '@puchi/kafka';

/** The Kafka names this domain owns, read from the one declaration in kafka/src/topology. */
export const topology = domainTopology('progress');
