"use strict";
// The functions of tests/apps/serverless (serverless.yml). The AWS SDK for JavaScript v3 comes with the Lambda
// runtime, as on AWS: nothing is bundled.
const {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} = require("@aws-sdk/client-apigatewaymanagementapi");

const policy = (effect, event) => ({
  principalId: "user",
  policyDocument: {
    Version: "2012-10-17",
    Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: event.methodArn }],
  },
});

// The REQUEST authorizer of $connect (identity source: route.request.querystring.token): "allow" is allowed,
// "unauthorized" is refused by throwing "Unauthorized" (401), any other token gets a Deny policy (403).
exports.auth = async (event) => {
  const token = (event.queryStringParameters || {}).token;
  if (token === "unauthorized") throw new Error("Unauthorized");
  return policy(token === "allow" ? "Allow" : "Deny", event);
};

exports.connect = async () => ({ statusCode: 200 });

exports.disconnect = async (event) => {
  const { connectionId, disconnectStatusCode } = event.requestContext;
  console.log(JSON.stringify({ disconnected: connectionId, disconnectStatusCode }));
  return { statusCode: 200 };
};

// $default (and, after the redeploy, "version"), two-way: the body is the reply frame
exports.echo = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({
    echo: event.body,
    route: event.requestContext.routeKey,
    connectionId: event.requestContext.connectionId,
    greeting: process.env.GREETING,
  }),
});

// "whoami", one-way: the function replies through @connections, its endpoint built the AWS way
exports.whoami = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: "https://" + domainName + "/" + stage });
  const data = JSON.stringify({ whoami: connectionId, stage, greeting: process.env.GREETING });
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
  return { statusCode: 200 };
};
