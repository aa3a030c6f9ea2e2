// The Node.js twin of tests/functions/python/ws_authorizer: records every event in SQS and answers what its
// token (the Auth header, else the token query parameter) asks for.
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";

const sqs = new SQSClient({});
const CONTEXT = { tenant: "acme", admin: true, limit: 10, ratio: 1.5, nothing: null };

const policy = (effect, resource) => ({
  Version: "2012-10-17",
  Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
});

const tokenOf = (event) => {
  const headers = Object.fromEntries(
    Object.entries(event.headers || {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return headers.auth || (event.queryStringParameters || {}).token || "allow";
};

export const handler = async (event) => {
  const token = tokenOf(event);
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.AUTH_EVENTS_QUEUE_URL,
      MessageBody: JSON.stringify({ event, token, runtime: "nodejs" }),
    }),
  );
  const methodArn = event.methodArn;
  const stageArn = methodArn.slice(0, methodArn.lastIndexOf("/"));
  const apiArn = stageArn.slice(0, stageArn.lastIndexOf("/"));
  const resources = {
    "stage-wildcard": stageArn + "/*",
    "api-wildcard": apiArn + "/*",
    "rest-style": stageArn + "/*/*",
    "other-route": stageArn + "/$default",
  };
  if (token === "unauthorized") throw new Error("Unauthorized");
  if (token === "crash") throw new Error("the authorizer crashed");
  if (token === "string") return "allow";
  if (token === "sleep") await new Promise((resolve) => setTimeout(resolve, 30000));
  const answer = { principalId: "user-" + token, policyDocument: policy("Allow", resources[token] || methodArn) };
  if (token === "deny") answer.policyDocument = policy("Deny", methodArn);
  if (token === "no-policy") delete answer.policyDocument;
  answer.context = { ...CONTEXT };
  if (token === "nested") answer.context.nested = { a: 1 };
  if (token === "big") answer.context.big = "x".repeat(9000);
  if (token.startsWith("key-")) answer.usageIdentifierKey = token.slice(4);
  return answer;
};
