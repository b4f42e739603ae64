import { analyticsDomain } from '@puchi/subgraph-analytics';
import { lessonDomain } from '@puchi/subgraph-lesson';
import { mediaDomain } from '@puchi/subgraph-media';
import { notificationDomain } from '@puchi/subgraph-notification';
import { progressDomain } from '@puchi/subgraph-progress';
import { quizDomain } from '@puchi/subgraph-quiz';
import { userDomain } from '@puchi/subgraph-user';
import { vocabularyDomain } from '@puchi/subgraph-vocabulary';

/**
 * Every domain of the system, in this order: the order of the status page, of composition, and of the
 * standalone subgraph ports (4001 for the first). Adding a domain is one folder under `subgraphs/` and one line here.
 */
export const DOMAIN_MANIFESTS = [userDomain, lessonDomain, progressDomain, mediaDomain, notificationDomain, vocabularyDomain, quizDomain, analyticsDomain] as const;
