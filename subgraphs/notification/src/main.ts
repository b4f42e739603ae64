import { runDomainService } from '@puchi/subgraph-kit';
import { notificationService } from './service';

runDomainService(notificationService);
