import { DependencyError } from '@tradebot/core-domain';
import { testAws, type TestAws } from '@tradebot/local-stack';
import { createS3Documents, DocumentStoreUnavailableError } from '../../../src';

describe('Function: createS3Documents', () => {
  let aws: TestAws;
  beforeAll(async () => {
    aws = await testAws();
  });
  afterAll(() => aws.destroy());

  it('builds every repository on one bucket, reading defaults from an empty one', async () => {
    // Prepare
    const documents = createS3Documents({ client: aws.s3, bucket: aws.bucket });

    // Act
    const [blacklist, tips, latest, positions] = await Promise.all([
      documents.blacklist.get(),
      documents.tips.get(),
      documents.scans.latest(),
      documents.snapshots.getPositions(),
    ]);

    // Assess
    expect(blacklist).toEqual([]);
    expect(tips).toEqual([]);
    expect(latest).toBeNull();
    expect(positions).toBeNull();
  });

  it('reports a bucket S3 does not have as DocumentStoreUnavailableError naming the key, not as a missing object', async () => {
    // Prepare
    const documents = createS3Documents({ client: aws.s3, bucket: 'no-such-bucket-here' });

    // Act
    const failure = await documents.rules.get().catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(DocumentStoreUnavailableError);
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as DocumentStoreUnavailableError).dependency).toBe('S3');
    expect((failure as Error).message).toMatch(/S3 GetObject of config\/rules\.json failed: NoSuchBucket/);
  });
});
