// CommonJS flavour of sdk_esm: `require` finds the SDK through NODE_PATH.
const { ApiGatewayManagementApiClient } = require("@aws-sdk/client-apigatewaymanagementapi");
const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient } = require("@aws-sdk/lib-dynamodb");
const { GetQueueAttributesCommand, SendMessageCommand, SQSClient } = require("@aws-sdk/client-sqs");

const sqs = new SQSClient({});

exports.handler = async (event) => {
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: event.queue_url, MessageBody: event.body }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: event.queue_url, AttributeNames: ["QueueArn"] }),
  );
  return {
    message_id: sent.MessageId,
    queue_arn: Attributes.QueueArn,
    clients: [
      DynamoDBDocumentClient.from(new DynamoDBClient({})).constructor.name,
      new ApiGatewayManagementApiClient({ endpoint: "http://127.0.0.1/dev" }).constructor.name,
    ],
  };
};
