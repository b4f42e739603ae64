import { runDomainService } from '@puchi/subgraph-kit';
import { progressService } from './service';

runDomainService(progressService);
