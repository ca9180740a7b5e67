#!/usr/bin/env python3
"""Independent expected values for the emulator's log ingest, Insights metrics, Insights events and
LookupEvents, computed straight from raw CloudTrail log files with the Python standard library.

Usage: python3 compute-expected.py PATH... > expected.json
PATH is a log file (.json or .json.gz; {"Records": [...]} or a bare JSON array of events) or a
directory walked recursively for such files.

The rules below are read from the AWS documentation and the project's written rule, not from the
TypeScript implementation:

* An event is identified by eventID; a second delivery of the same eventID is ignored (the first
  one read wins; files are read in sorted path order).
* Management events are those whose eventCategory is "Management" (events that predate the field
  count as management events unless managementEvent is false).
* ApiCallRateInsight series, per (awsRegion, eventSource, eventName): management events whose
  readOnly is false. ApiErrorRateInsight series, per (awsRegion, eventSource, eventName,
  errorCode): management events carrying that errorCode, read or write.
* A point's timestamp is the start of its bucket, floor(epoch seconds / period) * period, and its
  value the number of matching events in the bucket, for periods 60, 300 and 3600.

Insights events (ApiCallRateInsight and ApiErrorRateInsight), for each per-minute series c(m),
m = epoch minute:
* History starts at H, the minute of the earliest event (any category) in that region.
* A minute m may open an Insight when its baseline window [max(H, m - 10080), m) (the previous
  7 days, or the history there is) spans at least 10 minutes. With L the window's length in
  minutes, mean = (sum of c over the window) / L and sd = sqrt((sum of c^2) / L - mean^2),
  minute m is unusual when c(m) >= 10 and c(m) > mean + 3 * sd.
* The Insight lasts while the following minutes are unusual against the same baseline (the one
  of its first minute); it ends at the start of the first minute that is not.
* Minutes are scanned in ascending order; after an Insight ends the scan resumes at its end minute.
* Only Insights that have ended at or before "now" are emitted (this script assumes now is after
  every event).
* Start event statistics: baseline.average = mean, insight.average = c(first minute).
  End event statistics: baseline.average = mean, insight.average = (sum of c over the Insight) /
  duration, insightDuration = duration in minutes, baselineDuration = L.
* End event attributions for userIdentityArn, userAgent and errorCode ("null" when absent): the
  events of the series grouped by value, average = count / duration over the Insight minutes and
  count / L over the baseline window; at most 5 values each, highest average first, then by value.
"""
import gzip
import json
import math
import os
import sys
from collections import defaultdict
from datetime import datetime, timezone

PERIODS = (60, 300, 3600)
BASELINE_MAX_MINUTES = 7 * 24 * 60
BASELINE_MIN_MINUTES = 10
MIN_COUNT = 10
SIGMAS = 3
TOP_ATTRIBUTIONS = 5


def log_files(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, names in os.walk(path):
                for name in names:
                    if name.endswith('.json') or name.endswith('.json.gz'):
                        files.append(os.path.join(root, name))
        else:
            files.append(path)
    return sorted(files)


def read_events(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    doc = json.loads(data.decode('utf-8'))
    if isinstance(doc, dict):
        return doc.get('Records', [])
    return doc


def epoch(iso):
    return int(datetime.strptime(iso, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc).timestamp())


def iso(seconds):
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def is_management(e):
    category = e.get('eventCategory')
    if category is None:
        return e.get('managementEvent', True) is not False
    return category == 'Management'


def username(e):
    identity = e.get('userIdentity') or {}
    if identity.get('userName'):
        return identity['userName']
    arn = identity.get('arn') or ''
    if ':assumed-role/' in arn or ':federated-user/' in arn:
        return arn.rsplit('/', 1)[1]
    return identity.get('invokedBy')


def main(paths):
    events = {}
    deliveries = 0
    for path in log_files(paths):
        for e in read_events(path):
            deliveries += 1
            events.setdefault(e['eventID'], e)
    unique = list(events.values())

    call_series = defaultdict(list)
    error_series = defaultdict(list)
    first_minute = {}
    for e in unique:
        t = epoch(e['eventTime'])
        region = e['awsRegion']
        first_minute[region] = min(first_minute.get(region, t // 60), t // 60)
        if not is_management(e):
            continue
        if e.get('readOnly') in (False, 'false'):
            call_series[(region, e['eventSource'], e['eventName'], None)].append(e)
        if e.get('errorCode'):
            error_series[(region, e['eventSource'], e['eventName'], e['errorCode'])].append(e)

    def buckets(evs):
        out = {}
        for period in PERIODS:
            counts = defaultdict(int)
            for e in evs:
                counts[epoch(e['eventTime']) // period * period] += 1
            out[str(period)] = {iso(k): v for k, v in sorted(counts.items())}
        return out

    def key_text(key):
        return '|'.join(k for k in key if k is not None)

    insights = []
    for insight_type, table in (('ApiCallRateInsight', call_series), ('ApiErrorRateInsight', error_series)):
        for key, evs in sorted(table.items(), key=lambda kv: key_text(kv[0])):
            insights.extend(detect(insight_type, key, evs, first_minute[key[0]]))
    insights.sort(key=lambda i: (i['start'], i['insightType'], i['eventSource'], i['eventName'], i.get('errorCode') or ''))

    management = [e for e in unique if is_management(e)]
    by_region = defaultdict(list)
    for e in management:
        by_region[e['awsRegion']].append(e)
    lookup = {}
    for region, evs in by_region.items():
        evs.sort(key=lambda e: (-epoch(e['eventTime']), e['eventID']))
        counts = {k: defaultdict(int) for k in
                  ('EventName', 'EventSource', 'ReadOnly', 'Username', 'AccessKeyId', 'ResourceType', 'ResourceName')}
        for e in evs:
            counts['EventName'][e['eventName']] += 1
            counts['EventSource'][e['eventSource']] += 1
            if e.get('readOnly') in (True, 'true'):
                counts['ReadOnly']['true'] += 1
            elif e.get('readOnly') in (False, 'false'):
                counts['ReadOnly']['false'] += 1
            name = username(e)
            if name:
                counts['Username'][name] += 1
            key_id = (e.get('userIdentity') or {}).get('accessKeyId')
            if key_id:
                counts['AccessKeyId'][key_id] += 1
            for kind in {r.get('type') for r in e.get('resources') or [] if r.get('type')}:
                counts['ResourceType'][kind] += 1
            for arn in {r.get('ARN') for r in e.get('resources') or [] if r.get('ARN')}:
                counts['ResourceName'][arn] += 1
        lookup[region] = {
            'count': len(evs),
            'newestFirst': [e['eventID'] for e in evs],
            'counts': {k: dict(sorted(v.items())) for k, v in counts.items()},
        }

    json.dump({
        'deliveries': deliveries,
        'uniqueEvents': len(unique),
        'managementEvents': len(management),
        'firstEventTime': iso(min(epoch(e['eventTime']) for e in unique)),
        'lastEventTime': iso(max(epoch(e['eventTime']) for e in unique)),
        'series': {
            'ApiCallRateInsight': {key_text(k): buckets(v) for k, v in sorted(call_series.items(), key=lambda kv: key_text(kv[0]))},
            'ApiErrorRateInsight': {key_text(k): buckets(v) for k, v in sorted(error_series.items(), key=lambda kv: key_text(kv[0]))},
        },
        'insights': insights,
        'lookup': lookup,
    }, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


def detect(insight_type, key, evs, history_start):
    region, source, name, error_code = key
    per_minute = defaultdict(list)
    for e in evs:
        per_minute[epoch(e['eventTime']) // 60].append(e)
    count = lambda m: len(per_minute.get(m, []))
    found = []
    minutes = sorted(per_minute)
    resume = None
    for m in minutes:
        if resume is not None and m < resume:
            continue
        window_start = max(history_start, m - BASELINE_MAX_MINUTES)
        length = m - window_start
        if length < BASELINE_MIN_MINUTES:
            continue
        window = [count(w) for w in range(window_start, m)]
        mean = sum(window) / length
        sd = math.sqrt(max(0.0, sum(c * c for c in window) / length - mean * mean))
        unusual = lambda c: c >= MIN_COUNT and c > mean + SIGMAS * sd
        if not unusual(count(m)):
            continue
        end = m
        while unusual(count(end)):
            end += 1
        duration = end - m
        insight_events = [e for x in range(m, end) for e in per_minute.get(x, [])]
        baseline_events = [e for x in range(window_start, m) for e in per_minute.get(x, [])]
        found.append({
            'region': region,
            'eventSource': source,
            'eventName': name,
            'insightType': insight_type,
            'errorCode': error_code,
            'start': iso(m * 60),
            'end': iso(end * 60),
            'baselineAverage': mean,
            'firstMinuteAverage': count(m),
            'insightAverage': len(insight_events) / duration,
            'insightDuration': duration,
            'baselineDuration': length,
            'attributions': {
                attribute: {
                    'insight': top(insight_events, attribute, duration),
                    'baseline': top(baseline_events, attribute, length),
                }
                for attribute in ('userIdentityArn', 'userAgent', 'errorCode')
            },
        })
        resume = end
    return found


def attribute_value(e, attribute):
    if attribute == 'userIdentityArn':
        value = (e.get('userIdentity') or {}).get('arn')
    else:
        value = e.get(attribute)
    return value if value else 'null'


def top(evs, attribute, minutes):
    counts = defaultdict(int)
    for e in evs:
        counts[attribute_value(e, attribute)] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ATTRIBUTIONS]
    return [{'value': v, 'average': c / minutes} for v, c in ranked]


if __name__ == '__main__':
    main(sys.argv[1:])
