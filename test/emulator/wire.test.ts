import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudTrailServiceException, CreateTrailCommand, DescribeTrailsCommand, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { clientFor } from '../helpers/emulator.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ admin: true });
});
afterAll(() => emulator.close());

async function post(target: string | undefined, body: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1' };
  if (target) headers['X-Amz-Target'] = target;
  const res = await fetch(emulator.url, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('wire protocol', () => {
  it('answers an unknown target with UnknownOperationException', async () => {
    const res = await post('CloudTrail_20131101.NoSuchThing', '{}');
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('UnknownOperationException');
  });

  it('answers a missing target with UnknownOperationException', async () => {
    const res = await post(undefined, '{}');
    expect(res.json.__type).toBe('UnknownOperationException');
  });

  it('accepts the long X-Amz-Target prefix botocore (AWS CLI, boto3) sends, as CloudTrail does', async () => {
    // botocore's CloudTrail model: targetPrefix "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101".
    const res = await post('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListTrails', '{}');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ Trails: [] });
    const other = await post('com.amazonaws.cloudtrail.v20131101.ListTrails', '{}');
    expect(other.json.__type).toBe('UnknownOperationException');
  });

  it('answers malformed JSON with SerializationException', async () => {
    emulator.faults.set({});
    const res = await post('CloudTrail_20131101.ListTrails', '{not json');
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('SerializationException');
  });

  it('serves the admin health endpoint outside the protocol', async () => {
    const res = await fetch(`${emulator.url}/_emulator/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, accountId: emulator.accountId });
  });

  it('base exception class exists for unmodelled errors', () => {
    expect(typeof CloudTrailServiceException).toBe('function');
  });
});

describe('Region of a request', () => {
  /** A request as curl sends it: the CloudTrail headers, no SigV4 signature. */
  async function unsigned(target: RunningEmulator, operation: string, body: unknown) {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `CloudTrail_20131101.${operation}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('an unsigned request works in the default Region us-east-1', async () => {
    const target = await startEmulator();
    try {
      const created = await unsigned(target, 'CreateTrail', { Name: 'curl-trail', S3BucketName: 'audit-logs' });
      expect(created.status).toBe(200);
      expect(created.json.TrailARN).toBe(`arn:aws:cloudtrail:us-east-1:${target.accountId}:trail/curl-trail`);
      const listed = await unsigned(target, 'ListTrails', {});
      expect(listed.json).toEqual({
        Trails: [{ TrailARN: created.json.TrailARN, Name: 'curl-trail', HomeRegion: 'us-east-1' }],
      });
      // The SDK signing for us-east-1 sees the same trail.
      const sdk = await clientFor(target, 'us-east-1').send(new ListTrailsCommand({}));
      expect(sdk.Trails?.map((t) => t.Name)).toEqual(['curl-trail']);
    } finally {
      await target.close();
    }
  });

  it('an unsigned request uses the configured default Region', async () => {
    const target = await startEmulator({ defaultRegion: 'eu-west-1' });
    try {
      const created = await unsigned(target, 'CreateTrail', { Name: 'curl-trail', S3BucketName: 'audit-logs' });
      expect(created.json.TrailARN).toBe(`arn:aws:cloudtrail:eu-west-1:${target.accountId}:trail/curl-trail`);
    } finally {
      await target.close();
    }
  });

  it('an unsigned request is answered with the JSON 1.1 error shape', async () => {
    const res = await unsigned(emulator, 'GetTrail', { Name: 'nothing-here' });
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('TrailNotFoundException');
    expect(typeof res.json.message).toBe('string');
  });

  it('takes the Region from the SigV4 credential scope: clients of two Regions see their own trails', async () => {
    const target = await startEmulator();
    try {
      const east = clientFor(target, 'us-east-1');
      const west = clientFor(target, 'ap-southeast-2');
      await east.send(new CreateTrailCommand({ Name: 'east-trail', S3BucketName: 'audit-logs' }));
      await west.send(new CreateTrailCommand({ Name: 'sydney-trail', S3BucketName: 'audit-logs' }));
      const eastTrails = await east.send(new DescribeTrailsCommand({}));
      const westTrails = await west.send(new DescribeTrailsCommand({}));
      expect(eastTrails.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([['east-trail', 'us-east-1']]);
      expect(westTrails.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([['sydney-trail', 'ap-southeast-2']]);
    } finally {
      await target.close();
    }
  });
});
