import { runDomainService } from '@puchi/subgraph-kit';
import { userService } from './service';

runDomainService(userService);
