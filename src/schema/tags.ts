import type { Tag } from '@aws-sdk/client-cloudtrail';
import { builder } from './builder.js';

/** A CloudTrail resource tag, backed by the SDK's `Tag`. */
export const TagRef = builder.objectRef<Tag>('Tag').implement({
  description: 'A key-value label on a trail or event data store, as set with AddTags.',
  fields: (t) => ({
    key: t.string({
      description: 'The tag key: up to 128 Unicode characters, unique on the resource.',
      resolve: (tag) => tag.Key ?? '',
    }),
    value: t.string({
      nullable: true,
      description: 'The tag value: up to 256 Unicode characters. Null when the tag has a key only.',
      resolve: (tag) => tag.Value ?? null,
    }),
  }),
});
