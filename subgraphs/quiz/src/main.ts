import { runDomainService } from '@puchi/subgraph-kit';
import { quizService } from './service';

runDomainService(quizService);
