import {
  DateTimeResolver,
  JSONObjectResolver,
  PositiveIntResolver,
} from 'graphql-scalars';
import { builder } from './builder.js';

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('PositiveInt', PositiveIntResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
