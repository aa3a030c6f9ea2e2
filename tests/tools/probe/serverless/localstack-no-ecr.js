"use strict";
// LocalStack community has no ECR: `serverless remove` (v3) asks ECR DescribeRepositories whether the service's
// image repository exists, gets 501 InternalFailure and fails, although the stack is being deleted. This service
// deploys no images, so the answer is "no repository".
class LocalStackNoEcr {
  constructor(serverless) {
    const remove = serverless.pluginManager.plugins.find((plugin) => plugin.constructor.name === "AwsRemove");
    if (remove) remove.checkIfEcrRepositoryExists = async () => false;
  }
}

module.exports = LocalStackNoEcr;
