import { runDomainService } from '@puchi/subgraph-kit';
import { lessonService } from './service';

runDomainService(lessonService);
