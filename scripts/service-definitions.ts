import type { Domain } from '@puchi/kafka';
import type { DomainServiceDefinition } from '@puchi/subgraph-kit';
import { analyticsService } from '@puchi/subgraph-analytics';
import { lessonService } from '@puchi/subgraph-lesson';
import { mediaService } from '@puchi/subgraph-media';
import { notificationService } from '@puchi/subgraph-notification';
import { progressService } from '@puchi/subgraph-progress';
import { quizService } from '@puchi/subgraph-quiz';
import { userService } from '@puchi/subgraph-user';
import { vocabularyService } from '@puchi/subgraph-vocabulary';

/** Every domain's service definition, for whole-system scripts and tests. */
export const SERVICES: Record<Domain, DomainServiceDefinition> = {
  user: userService,
  lesson: lessonService,
  progress: progressService,
  media: mediaService,
  notification: notificationService,
  vocabulary: vocabularyService,
  quiz: quizService,
  analytics: analyticsService,
};
