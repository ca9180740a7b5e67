import type { AdvancedEventSelector, AdvancedFieldSelector } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';

/**
 * Advanced event selectors as CloudTrail returns them (GetEventSelectors on a trail,
 * GetEventDataStore on an event data store). Shared by trails and event data stores.
 */

const operatorDescription = (what: string): string =>
  `${what} Null when the condition does not use this operator.`;

export const AdvancedFieldSelectorRef = builder.objectRef<AdvancedFieldSelector>('AdvancedFieldSelector').implement({
  description:
    'One condition of an advanced event selector: a field of the event record and the values it must (or must not) match. All operators set on one field selector must hold.',
  fields: (t) => ({
    field: t.string({
      description:
        'The event record field the condition tests, such as `eventCategory`, `resources.type`, `readOnly`, `eventName` or `resources.ARN`.',
      resolve: (selector) => selector.Field ?? '',
    }),
    equals: t.stringList({
      nullable: true,
      description: operatorDescription('Includes events whose field equals one of these values.'),
      resolve: (selector) => selector.Equals ?? null,
    }),
    startsWith: t.stringList({
      nullable: true,
      description: operatorDescription('Includes events whose field starts with one of these values.'),
      resolve: (selector) => selector.StartsWith ?? null,
    }),
    endsWith: t.stringList({
      nullable: true,
      description: operatorDescription('Includes events whose field ends with one of these values.'),
      resolve: (selector) => selector.EndsWith ?? null,
    }),
    notEquals: t.stringList({
      nullable: true,
      description: operatorDescription('Excludes events whose field equals one of these values.'),
      resolve: (selector) => selector.NotEquals ?? null,
    }),
    notStartsWith: t.stringList({
      nullable: true,
      description: operatorDescription('Excludes events whose field starts with one of these values.'),
      resolve: (selector) => selector.NotStartsWith ?? null,
    }),
    notEndsWith: t.stringList({
      nullable: true,
      description: operatorDescription('Excludes events whose field ends with one of these values.'),
      resolve: (selector) => selector.NotEndsWith ?? null,
    }),
  }),
});

export const AdvancedEventSelectorRef = builder.objectRef<AdvancedEventSelector>('AdvancedEventSelector').implement({
  description:
    'A fine-grained rule choosing which management, data or network activity events are recorded. An event is recorded when it matches every field selector of at least one advanced event selector.',
  fields: (t) => ({
    name: t.string({
      nullable: true,
      description: 'An optional label for the selector, such as "Log data events for two S3 buckets".',
      resolve: (selector) => selector.Name ?? null,
    }),
    fieldSelectors: t.field({
      type: [AdvancedFieldSelectorRef],
      description: 'The conditions an event must all meet to match this selector.',
      resolve: (selector) => selector.FieldSelectors ?? [],
    }),
  }),
});
