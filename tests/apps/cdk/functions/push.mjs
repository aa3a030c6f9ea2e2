// The one-way "push" route: replies through the @connections API at CALLBACK_URL (the stage's callbackUrl, as
// CDK prints it), not through a route response.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";

const client = new ApiGatewayManagementApiClient({ endpoint: process.env.CALLBACK_URL });

export const handler = async (event) => {
  const { connectionId } = event.requestContext;
  const { data } = JSON.parse(event.body);
  const reply = { pushed: data, to: connectionId, callbackUrl: process.env.CALLBACK_URL };
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(reply) }));
  return { statusCode: 200 };
};
