import { runDomainService } from '@puchi/subgraph-kit';
import { mediaService } from './service';

runDomainService(mediaService);
