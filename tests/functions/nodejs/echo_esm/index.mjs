// ES module async handler that echoes the event, the context and a few environment variables.
export const handler = async (event, context) => {
  console.log("event:", JSON.stringify(event));
  return {
    event,
    context: {
      functionName: context.functionName,
      functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn,
      memoryLimitInMB: context.memoryLimitInMB,
      awsRequestId: context.awsRequestId,
      logGroupName: context.logGroupName,
      logStreamName: context.logStreamName,
      remaining: context.getRemainingTimeInMillis(),
    },
    env: {
      MY_VAR: process.env.MY_VAR,
      AWS_REGION: process.env.AWS_REGION,
      AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL,
      LOCALSTACK_RUNTIME_FDS: process.env._LOCALSTACK_RUNTIME_FDS ?? null,
    },
    node: process.versions.node.split(".")[0],
  };
};
