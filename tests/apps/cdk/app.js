// AWS's simple-websockets-chat-app as a CDK app, plus what CDK's WebSocket constructs add: a Lambda authorizer on
// $connect, a two-way route (route response), a route answering through @connections at the stage's callbackUrl,
// and a $default route. Plain CommonJS, no compile step; aws-cdk-lib resolves through NODE_PATH
// (tests.tools.tool_env sets it; a user's project has it in node_modules).
//
//   cdklocal bootstrap && cdklocal deploy --require-approval never      (tests/test_deploy_cdk.py)
const path = require("path");
const cdk = require("aws-cdk-lib");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const lambda = require("aws-cdk-lib/aws-lambda");
const apigwv2 = require("aws-cdk-lib/aws-apigatewayv2");
const { WebSocketLambdaIntegration } = require("aws-cdk-lib/aws-apigatewayv2-integrations");
const { WebSocketLambdaAuthorizer } = require("aws-cdk-lib/aws-apigatewayv2-authorizers");

const CHAT_CODE = path.join(__dirname, "../../functions/nodejs/chat"); // the chat app's three functions
const OWN_CODE = path.join(__dirname, "functions");

const app = new cdk.App();
const stack = new cdk.Stack(app, process.env.WS_CHAT_STACK_NAME || "WsChatStack");

const table = new dynamodb.Table(stack, "Connections", {
  partitionKey: { name: "connectionId", type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});

const fn = (id, code, handler, environment = {}) =>
  new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    code: lambda.Code.fromAsset(code),
    handler,
    timeout: cdk.Duration.seconds(30),
    memorySize: 256,
    environment,
  });

const onConnect = fn("OnConnect", CHAT_CODE, "onconnect.handler", { TABLE_NAME: table.tableName });
const onDisconnect = fn("OnDisconnect", CHAT_CODE, "ondisconnect.handler", { TABLE_NAME: table.tableName });
const sendMessage = fn("SendMessage", CHAT_CODE, "sendmessage.handler", { TABLE_NAME: table.tableName });
table.grantWriteData(onConnect);
table.grantWriteData(onDisconnect);
table.grantReadWriteData(sendMessage);
const authorizerFn = fn("Authorizer", OWN_CODE, "authorizer.handler");
const whoami = fn("WhoAmI", OWN_CODE, "whoami.handler");
const defaultFn = fn("DefaultRoute", OWN_CODE, "default.handler");

const integration = (id, handler) => new WebSocketLambdaIntegration(id, handler);
const api = new apigwv2.WebSocketApi(stack, "ChatApi", {
  apiName: "cdk-chat",
  routeSelectionExpression: "$request.body.action",
  connectRouteOptions: {
    integration: integration("ConnectIntegration", onConnect),
    authorizer: new WebSocketLambdaAuthorizer("TokenAuthorizer", authorizerFn, {
      identitySource: ["route.request.querystring.token"],
    }),
  },
  disconnectRouteOptions: { integration: integration("DisconnectIntegration", onDisconnect) },
  defaultRouteOptions: { integration: integration("DefaultIntegration", defaultFn), returnResponse: true },
});
api.addRoute("sendmessage", { integration: integration("SendMessageIntegration", sendMessage) });
api.addRoute("whoami", { integration: integration("WhoAmIIntegration", whoami), returnResponse: true });

const stage = new apigwv2.WebSocketStage(stack, "DevStage", { webSocketApi: api, stageName: "dev", autoDeploy: true });

const push = fn("Push", OWN_CODE, "push.handler", { CALLBACK_URL: stage.callbackUrl });
api.addRoute("push", { integration: integration("PushIntegration", push) });
api.grantManageConnections(push);
api.grantManageConnections(sendMessage);

new cdk.CfnOutput(stack, "url", { value: stage.url });
new cdk.CfnOutput(stack, "callbackUrl", { value: stage.callbackUrl });
new cdk.CfnOutput(stack, "apiId", { value: api.apiId });
new cdk.CfnOutput(stack, "tableName", { value: table.tableName });
new cdk.CfnOutput(stack, "sendMessageFunctionName", { value: sendMessage.functionName });
