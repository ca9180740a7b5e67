import type { RuleViolation } from './violation.js';

/**
 * Advanced event selectors (AdvancedEventSelector, AdvancedFieldSelector) as AWS documents them for
 * trails (PutEventSelectors) and event data stores (CreateEventDataStore, UpdateEventDataStore).
 * Every violation is InvalidEventSelectorsException, the exception these operations document.
 */

export type SelectorTarget = 'trail' | 'eventDataStore';

/** AWS: at most 500 values across all conditions of all advanced event selectors of a trail. */
export const MAX_ADVANCED_SELECTOR_VALUES = 500;
/** AWS: up to five advanced event selectors for each event data store. */
export const MAX_EVENT_DATA_STORE_ADVANCED_SELECTORS = 5;

/** AWS (SelectorName): at most 1000 characters. */
const SELECTOR_NAME_MAX_LENGTH = 1000;
/** AWS (SelectorField): 1 to 1000 characters of `[\w.]`. */
const SELECTOR_FIELD = /^[\w.]{1,1000}$/;
/** AWS (OperatorValue): 1 to 2048 characters. */
const OPERATOR_VALUE_MAX_LENGTH = 2048;

export const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;

/** AWS (AdvancedFieldSelector): only Equals may be used with readOnly, eventCategory and resources.type. */
const EQUALS_ONLY_FIELDS = new Set(['readOnly', 'eventCategory', 'resources.type']);

/**
 * AWS (AdvancedFieldSelector.Field): the fields each event category can filter on. Event data
 * stores have a few more for management events; Insights, Config, Audit Manager and non-AWS event
 * stores select by eventCategory alone.
 */
const CLOUDTRAIL_EVENT_CATEGORIES = ['Management', 'Data', 'NetworkActivity'] as const;
const EVENT_DATA_STORE_ONLY_CATEGORIES = ['Insight', 'ConfigurationItem', 'Evidence', 'ActivityAuditLog'] as const;

const FIELDS_BY_CATEGORY: Record<SelectorTarget, Record<string, readonly string[]>> = {
  trail: {
    Management: ['eventCategory', 'eventSource', 'readOnly'],
    Data: ['eventCategory', 'resources.type', 'eventName', 'eventSource', 'eventType', 'readOnly', 'resources.ARN', 'sessionCredentialFromConsole', 'userIdentity.arn'],
    NetworkActivity: ['eventCategory', 'eventSource', 'eventName', 'errorCode', 'vpcEndpointId'],
  },
  eventDataStore: {
    Management: ['eventCategory', 'eventSource', 'readOnly', 'eventName', 'eventType', 'sessionCredentialFromConsole', 'userIdentity.arn'],
    Data: ['eventCategory', 'resources.type', 'eventName', 'eventSource', 'eventType', 'readOnly', 'resources.ARN', 'sessionCredentialFromConsole', 'userIdentity.arn'],
    NetworkActivity: ['eventCategory', 'eventSource', 'eventName', 'errorCode', 'vpcEndpointId'],
    Insight: ['eventCategory'],
    ConfigurationItem: ['eventCategory'],
    Evidence: ['eventCategory'],
    ActivityAuditLog: ['eventCategory'],
  },
};

/** AWS: an event data store holds one event type, because each has its own schema. */
function eventTypeGroup(category: string): string {
  return (CLOUDTRAIL_EVENT_CATEGORIES as readonly string[]).includes(category) ? 'CloudTrail events' : category;
}

function invalidSelectors(message: string): RuleViolation {
  return { type: 'InvalidEventSelectorsException', message };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks one field selector's operators; returns the number of values it holds, or a violation. */
function checkOperators(field: string, selector: Record<string, unknown>): number | RuleViolation {
  let values = 0;
  for (const operator of OPERATORS) {
    const list = selector[operator];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || list.length === 0) return invalidSelectors(`${field} ${operator} must be a non-empty list.`);
    for (const value of list) {
      if (typeof value !== 'string' || value.length === 0 || value.length > OPERATOR_VALUE_MAX_LENGTH) {
        return invalidSelectors(`${field} ${operator} values must be strings of 1 to ${OPERATOR_VALUE_MAX_LENGTH} characters.`);
      }
    }
    if (EQUALS_ONLY_FIELDS.has(field) && operator !== 'Equals') {
      return invalidSelectors(`${field} can only be used with the Equals operator.`);
    }
    values += list.length;
  }
  if (values === 0) return invalidSelectors(`The condition on ${field} needs an operator (${OPERATORS.join(', ')}).`);
  return values;
}

/** Checks one advanced event selector; returns its category and value count, or a violation. */
function checkSelector(selector: unknown, target: SelectorTarget): { category: string; values: number } | RuleViolation {
  if (!isObject(selector)) return invalidSelectors('Each advanced event selector must be an object.');
  const name = selector.Name;
  if (name !== undefined && (typeof name !== 'string' || name.length > SELECTOR_NAME_MAX_LENGTH)) {
    return invalidSelectors(`An advanced event selector name is a string of at most ${SELECTOR_NAME_MAX_LENGTH} characters.`);
  }
  const label = typeof name === 'string' && name !== '' ? `Selector "${name}"` : 'An advanced event selector';
  const fieldSelectors = selector.FieldSelectors;
  if (!Array.isArray(fieldSelectors) || fieldSelectors.length === 0) {
    return invalidSelectors(`${label} needs at least one field selector.`);
  }
  const fields = new Map<string, Record<string, unknown>>();
  let values = 0;
  for (const fieldSelector of fieldSelectors) {
    if (!isObject(fieldSelector)) return invalidSelectors(`${label}: each field selector must be an object.`);
    const field = fieldSelector.Field;
    if (typeof field !== 'string' || !SELECTOR_FIELD.test(field)) {
      return invalidSelectors(`${label}: Field must be 1 to 1000 letters, digits, underscores or periods: ${String(field)}`);
    }
    // AWS: one eventCategory condition per selector (other fields may carry several conditions).
    if (field === 'eventCategory' && fields.has(field)) return invalidSelectors(`${label}: eventCategory appears more than once.`);
    if (!fields.has(field)) fields.set(field, fieldSelector);
    const counted = checkOperators(field, fieldSelector);
    if (typeof counted !== 'number') return counted;
    const equals = fieldSelector.Equals;
    if (field === 'readOnly' && Array.isArray(equals) && equals.some((v) => v !== 'true' && v !== 'false')) {
      return invalidSelectors(`${label}: readOnly can only equal true or false.`);
    }
    values += counted;
  }

  // AWS: eventCategory is required and set with Equals to one category.
  const categoryValues = fields.get('eventCategory')?.Equals;
  if (!Array.isArray(categoryValues)) return invalidSelectors(`${label}: the eventCategory field is required, with Equals.`);
  const allowedCategories = Object.keys(FIELDS_BY_CATEGORY[target]);
  if (categoryValues.length !== 1 || !allowedCategories.includes(categoryValues[0] as string)) {
    return invalidSelectors(
      `${label}: eventCategory must equal one of ${allowedCategories.join(', ')}` +
        (target === 'trail' ? ` (${EVENT_DATA_STORE_ONLY_CATEGORIES.join(', ')} are for event data stores only).` : '.'),
    );
  }
  const category = categoryValues[0] as string;
  const allowedFields = FIELDS_BY_CATEGORY[target][category];
  for (const field of fields.keys()) {
    if (!allowedFields.includes(field)) {
      return invalidSelectors(`${label}: ${field} is not a supported field for ${category} events (supported: ${allowedFields.join(', ')}).`);
    }
  }
  // AWS: data events need resources.type; network activity events need eventSource.
  if (category === 'Data' && !fields.has('resources.type')) {
    return invalidSelectors(`${label}: data event selectors need a resources.type condition.`);
  }
  if (category === 'NetworkActivity' && !fields.has('eventSource')) {
    return invalidSelectors(`${label}: network activity event selectors need an eventSource condition.`);
  }
  return { category, values };
}

/**
 * AWS (InvalidEventSelectorsException): at least one selector, each with at least one field
 * selector and a required eventCategory; fields and operators as documented per event category;
 * at most 500 condition values for a trail; at most five selectors, all of one event type
 * (CloudTrail events, Insights, Config items, Audit Manager evidence or non-AWS events), for an
 * event data store.
 */
export function checkAdvancedEventSelectors(value: unknown, target: SelectorTarget): RuleViolation | undefined {
  if (!Array.isArray(value)) return invalidSelectors('AdvancedEventSelectors must be a list.');
  if (value.length === 0) return invalidSelectors('Specify at least one advanced event selector.');
  if (target === 'eventDataStore' && value.length > MAX_EVENT_DATA_STORE_ADVANCED_SELECTORS) {
    return invalidSelectors(
      `An event data store can have at most ${MAX_EVENT_DATA_STORE_ADVANCED_SELECTORS} advanced event selectors; the request has ${value.length}.`,
    );
  }
  let totalValues = 0;
  const groups = new Set<string>();
  for (const selector of value) {
    const checked = checkSelector(selector, target);
    if ('type' in checked) return checked;
    totalValues += checked.values;
    groups.add(eventTypeGroup(checked.category));
  }
  if (target === 'trail' && totalValues > MAX_ADVANCED_SELECTOR_VALUES) {
    return invalidSelectors(
      `A trail can have at most ${MAX_ADVANCED_SELECTOR_VALUES} values across all advanced event selector conditions; the request has ${totalValues}.`,
    );
  }
  if (groups.size > 1) {
    return invalidSelectors(`An event data store holds one type of event; the selectors mix ${[...groups].join(' and ')}.`);
  }
  return undefined;
}

/** The eventCategory an advanced selector selects (after `checkAdvancedEventSelectors`). */
export function selectorCategory(selector: { FieldSelectors?: { Field?: string; Equals?: string[] }[] }): string | undefined {
  return selector.FieldSelectors?.find((f) => f.Field === 'eventCategory')?.Equals?.[0];
}
