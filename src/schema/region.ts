import { builder } from './builder.js';

builder.queryField('defaultRegion', (t) =>
  t.string({
    description: 'The AWS region the gateway queries when a field takes a region and none is given.',
    resolve: (_root, _args, ctx) => ctx.cloudTrail.defaultRegion(),
  }),
);
