// The $default route (returnResponse: true): echoes what matched no route.
export const handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ routeKey: event.requestContext.routeKey, echo: event.body }),
});
