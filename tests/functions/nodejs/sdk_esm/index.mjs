// ES module using the SDK v3 the runtime provides (resolved from the executor's SDK directory). The SDK reads
// AWS_ENDPOINT_URL, AWS_REGION and the credentials from the environment, so no client config is needed.
// (DynamoDB is only constructed: LocalStack community's DynamoDB needs a Java download this machine cannot make.)
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

const sqs = new SQSClient({});

export const handler = async (event) => {
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
