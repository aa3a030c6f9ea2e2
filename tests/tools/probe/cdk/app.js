// A tiny CDK app for the end-to-end tools probe: one Node.js Lambda with asset code (uploaded to the bootstrap
// bucket), and with PROBE_WEBSOCKET=1 a WebSocket API routing $default to it. Plain CommonJS, no compile step;
// aws-cdk-lib resolves through NODE_PATH (tests.tools.tool_env sets it).
const path = require("path");
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");

const app = new cdk.App();
const stack = new cdk.Stack(app, process.env.PROBE_STACK_NAME || "WsExtCdkProbe");
const fn = new lambda.Function(stack, "Handler", {
  runtime: lambda.Runtime.NODEJS_20_X,
  handler: "index.handler",
  code: lambda.Code.fromAsset(path.join(__dirname, "handler")),
});
new cdk.CfnOutput(stack, "FunctionName", { value: fn.functionName });

if (process.env.PROBE_WEBSOCKET === "1") {
  const apigwv2 = require("aws-cdk-lib/aws-apigatewayv2");
  const { WebSocketLambdaIntegration } = require("aws-cdk-lib/aws-apigatewayv2-integrations");
  const api = new apigwv2.WebSocketApi(stack, "Api", {
    defaultRouteOptions: { integration: new WebSocketLambdaIntegration("DefaultIntegration", fn) },
  });
  const stage = new apigwv2.WebSocketStage(stack, "Stage", { webSocketApi: api, stageName: "dev", autoDeploy: true });
  new cdk.CfnOutput(stack, "WebSocketUrl", { value: stage.url });
}
