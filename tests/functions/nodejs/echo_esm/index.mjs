// ES module async handler that echoes the event, the context and a few environment variables (context
// fields under the Python names, so that the tests compare both runtimes with one helper).
export const handler = async (event, context) => {
  console.log("event:", JSON.stringify(event));
  return {
    event,
    context: {
      function_name: context.functionName,
      function_version: context.functionVersion,
      invoked_function_arn: context.invokedFunctionArn,
      memory_limit_in_mb: context.memoryLimitInMB,
      aws_request_id: context.awsRequestId,
      log_group_name: context.logGroupName,
      log_stream_name: context.logStreamName,
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
