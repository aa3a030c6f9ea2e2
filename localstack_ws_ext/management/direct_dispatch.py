"""@connections calls dispatched from the router, through the part of LocalStack's AWS request chain they need.

A function replying to its client calls ``PostToConnection`` once per message, so this call is as hot as the
messages themselves. Through LocalStack's whole request chain it cost LocalStack more CPU than the invocation that
made it (docs/performance.md): most of it in the steps that find out what a request is (edge routes, LocalStack's
own resources, service detection, service loading), which the router already knows for these URLs.

Here the remaining steps run as LocalStack's chain runs them, with LocalStack's own handlers and in the same order:
the account and region from the signature (and a missing signature injected as LocalStack does), the trace
context, botocore's request parser, the custom service handlers, then the service's skeleton (dispatch, response
and error serialization). The chain then goes on with its response handlers as for any call (the request log
line, CORS headers, counters): callers see the same responses, headers and errors.

Only calls that no skipped step could have changed go this way: POST/GET/DELETE without a query string (no
pre-signed URL), without an ``Origin`` (no CORS enforcement) and without a ``Content-Encoding`` (nothing to decode),
once the service runs. Everything else takes LocalStack's whole chain, as before.
"""

from localstack.aws import handlers
from localstack.aws.api import RequestContext
from localstack.aws.chain import HandlerChain
from localstack.http import Response
from localstack.services.plugins import SERVICE_PLUGINS

SERVICE = "apigatewaymanagementapi"
METHODS = frozenset({"POST", "GET", "DELETE"})

# LocalStack's request handlers that a call to a known service's operation needs, in the chain's order
# (localstack.aws.app.LocalstackAwsGateway)
REQUEST_STEPS = (
    handlers.inject_auth_header_if_missing,
    handlers.add_region_from_header,
    handlers.rewrite_region,
    handlers.add_account_id,
    handlers.parse_trace_context,
    handlers.parse_service_request,
    handlers.serve_custom_service_request_handlers,
)


def can_dispatch(context: RequestContext) -> bool:
    request = context.request
    return (
        request.method in METHODS
        and not request.query_string
        and "Origin" not in request.headers
        and "Content-Encoding" not in request.headers
    )


def dispatch(chain: HandlerChain, context: RequestContext, response: Response) -> bool:
    """Answers the call (``context.request``: already addressed as ``/@connections/{id}``) and stops the chain's
    request handlers; False, and nothing done, when the call must take LocalStack's whole chain."""
    if not can_dispatch(context) or not SERVICE_PLUGINS.is_running(SERVICE):
        return False
    skeleton = SERVICE_PLUGINS.get_service(SERVICE).skeleton
    context.service = skeleton.service
    for step in REQUEST_STEPS:
        step(chain, context, response)
        if chain.stopped or chain.terminated:
            return True
    response.update_from(skeleton.invoke(context))
    chain.stop()
    return True
