// The $connect authorizer (REQUEST, identity source route.request.querystring.token): "allow" is allowed as
// principal "user-allow", "unauthorized" (or no token) is a 401, any other token is denied (403).
const policy = (effect, resource) => ({
  Version: "2012-10-17",
  Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
});

export const handler = async (event) => {
  const token = (event.queryStringParameters || {}).token;
  if (!token || token === "unauthorized") throw new Error("Unauthorized");
  const effect = token === "allow" ? "Allow" : "Deny";
  return {
    principalId: "user-" + token,
    policyDocument: policy(effect, event.methodArn),
    context: { tenant: "cdk" },
  };
};
