import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { countRequests, testAws, type TestAws } from '@tradebot/local-stack';
import { DeleteCommand, DocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../../src/documents';

describe('Class: DocumentClient', () => {
  let aws: TestAws;
  let documents: DocumentClient;
  beforeAll(async () => {
    aws = await testAws();
    documents = DocumentClient.from(aws.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  });
  afterAll(() => aws.destroy());

  it('writes plain objects and reads them back plain: put, get, update, query across pages, delete', async () => {
    // Prepare
    const key = { PK: 'DOCS', SK: 'A' };

    // Act
    await documents.send(new PutCommand({ TableName: aws.tableName, Item: { ...key, n: 1, tags: ['x'], nested: { ok: true, gone: undefined } } }));
    const read = await documents.send(new GetCommand({ TableName: aws.tableName, Key: key, ConsistentRead: true }));
    const updated = await documents.send(
      new UpdateCommand({ TableName: aws.tableName, Key: key, UpdateExpression: 'SET n = n + :one', ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'ALL_NEW' }),
    );
    await documents.send(new PutCommand({ TableName: aws.tableName, Item: { PK: 'DOCS', SK: 'B' } }));
    const firstPage = await documents.send(new QueryCommand({ TableName: aws.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'DOCS' }, Limit: 1 }));
    const secondPage = await documents.send(
      new QueryCommand({ TableName: aws.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'DOCS' }, ExclusiveStartKey: firstPage.LastEvaluatedKey }),
    );
    const removed = await documents.send(new DeleteCommand({ TableName: aws.tableName, Key: key, ReturnValues: 'ALL_OLD' }));
    const after = await documents.send(new GetCommand({ TableName: aws.tableName, Key: key, ConsistentRead: true }));

    // Assess
    expect(read.Item).toEqual({ ...key, n: 1, tags: ['x'], nested: { ok: true } });
    expect(updated.Attributes).toEqual({ ...key, n: 2, tags: ['x'], nested: { ok: true } });
    expect(firstPage.Items).toEqual([{ ...key, n: 2, tags: ['x'], nested: { ok: true } }]);
    expect(firstPage.LastEvaluatedKey).toEqual(key);
    expect(secondPage.Items).toEqual([{ PK: 'DOCS', SK: 'B' }]);
    expect(removed.Attributes).toMatchObject({ ...key, n: 2 });
    expect(after.Item).toBeUndefined();
  });

  it('sends a conditional put once, and a failed condition is the SDK error', async () => {
    // Prepare
    const counter = countRequests(aws.dynamo);
    await aws.dynamo.send(new PutItemCommand({ TableName: aws.tableName, Item: { PK: { S: 'DOCS' }, SK: { S: 'TAKEN' } } }));
    counter.reset();

    // Act
    const attempt = documents.send(new PutCommand({ TableName: aws.tableName, Item: { PK: 'DOCS', SK: 'TAKEN' }, ConditionExpression: 'attribute_not_exists(PK)' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(counter.byOperation()).toEqual({ PutItemCommand: 1 });
  });
});
