"""One small handler per step of the WebSocket gateway's chain (mirrors next_gen's execute_api handlers)."""

from .authorization import AuthorizationHandler
from .errors import GatewayExceptionHandler
from .integration import IntegrationHandler
from .integration_request import IntegrationRequestHandler
from .integration_response import IntegrationResponseHandler
from .logging import EventLogger
from .request_validation import RequestValidationHandler
from .route_response import RouteResponseHandler
from .route_selection import RouteSelectionHandler
from .stage import StageHandler

stage = StageHandler()
route_selection = RouteSelectionHandler()
authorization = AuthorizationHandler()
request_validation = RequestValidationHandler()
integration_request = IntegrationRequestHandler()
integration = IntegrationHandler()
integration_response = IntegrationResponseHandler()
route_response = RouteResponseHandler()
gateway_exception = GatewayExceptionHandler()
event_logger = EventLogger()
