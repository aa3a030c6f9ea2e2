// The Node.js twin of tests/functions/python/ws_app: records events in an SQS FIFO queue (one message group: they
// are read in the order they were recorded), answers as asked, and uses the management API the AWS way (endpoint
// from domainName and stage).
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from "@aws-sdk/client-apigatewaymanagementapi";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

const sqs = new SQSClient({});

const management = (event) =>
  new ApiGatewayManagementApiClient({
    endpoint: "https://" + event.requestContext.domainName + "/" + event.requestContext.stage,
  });

const record = (event, context, extra = {}) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.EVENTS_QUEUE_URL,
      MessageBody: JSON.stringify({ event, function: context.functionName, ...extra }),
      MessageGroupId: "events",
      MessageDeduplicationId: context.awsRequestId, // one record per invocation
    }),
  );

export const handler = async (event, context) => {
  console.log("event:", JSON.stringify(event));
  const { routeKey, connectionId } = event.requestContext;
  if (routeKey === "$connect") {
    const query = event.queryStringParameters || {};
    await record(event, context);
    if ("fail" in query) throw new Error("connect failed on purpose");
    const response = { statusCode: Number(query.status || 200) };
    if ("protocol" in query) response.headers = { "Sec-WebSocket-Protocol": query.protocol };
    return response;
  }
  await record(event, context);
  if (routeKey === "$disconnect") return { statusCode: 200 };
  let message = {};
  try {
    message = JSON.parse(event.body);
  } catch {}
  if (message.action === "fail") throw new Error("message failed on purpose");
  if (message.action === "post") {
    const client = management(event);
    await client.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify({ pushed: message.data }) }),
    );
    const info = await client.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    return { statusCode: 200, body: JSON.stringify({ posted: true, sourceIp: info.Identity.SourceIp }) };
  }
  if (message.action === "delete") {
    await management(event).send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    return { statusCode: 200 };
  }
  return { statusCode: 200, body: JSON.stringify({ route: routeKey, echo: event.body }) };
};
