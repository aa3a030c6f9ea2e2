exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ probe: "serverless", route: event.requestContext && event.requestContext.routeKey }) });
