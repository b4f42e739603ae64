import { runDomainService } from '@puchi/subgraph-kit';
import { analyticsService } from './service';

runDomainService(analyticsService);
