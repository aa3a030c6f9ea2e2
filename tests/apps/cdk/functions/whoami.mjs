// The two-way "whoami" route (returnResponse: true): the body is the route response the client receives.
export const handler = async (event) => {
  const { connectionId, routeKey, authorizer = {} } = event.requestContext;
  return {
    statusCode: 200,
    body: JSON.stringify({ connectionId, routeKey, principalId: authorizer.principalId, tenant: authorizer.tenant }),
  };
};
