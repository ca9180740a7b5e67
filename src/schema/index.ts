import { lexicographicSortSchema } from 'graphql';
import { noteAwsErrorMembers } from './aws-error-members.js';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './region.js';
import './trail.js';
import './event-data-store.js';
import './insight-selectors.js';
import './insight-selector-mutations.js';
import './event-selectors.js';
import './event-selector-mutations.js';
import './insights-metrics.js';
import './insights-metrics-query.js';
import './insight-events.js';
import './insight-event-context.js';
import './insight-events-query.js';
import './account.js';
import './insights-summary.js';
import './insight-event-subscriptions.js';

/** The gateway's schema, with every domain module registered. */
export const schema = noteAwsErrorMembers(lexicographicSortSchema(builder.toSchema()));
