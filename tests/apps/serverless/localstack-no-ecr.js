"use strict";
// LocalStack community has no ECR: `serverless remove` (v3) always asks ECR DescribeRepositories whether the
// service's image repository exists, gets 501 ("The API for service ecr is either not included in your current
// license plan or has not yet been emulated by LocalStack."), retries for about 20 seconds and exits with that
// error, although it has deleted the stack by then. A service that deploys no container images has no repository:
// this local plugin answers "no repository" without asking.
class LocalStackNoEcr {
  constructor(serverless) {
    const remove = serverless.pluginManager.plugins.find((plugin) => plugin.constructor.name === "AwsRemove");
    if (remove) remove.checkIfEcrRepositoryExists = async () => false;
  }
}

module.exports = LocalStackNoEcr;
