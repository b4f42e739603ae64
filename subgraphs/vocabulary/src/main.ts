import { runDomainService } from '@puchi/subgraph-kit';
import { vocabularyService } from './service';

runDomainService(vocabularyService);
