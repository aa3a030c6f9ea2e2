"""Create, update and delete for every ``AWS::ApiGatewayV2::*`` type, through the apigatewayv2 API.

Each resource is made with the calls a user would make (``request.aws_client_factory.apigatewayv2``, which goes
through LocalStack's gateway to this extension's control plane), so validation, AutoDeploy and the data plane
see exactly what the API sees. A failure is reported as AWS reports a registry resource's failure, with the
control plane's error in it, and the engine rolls back.
"""

import json
import logging
import uuid

import jsonschema
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError
from botocore.model import Shape
from localstack.services.cloudformation.resource_provider import (
    OperationStatus,
    ProgressEvent,
    ResourceProvider,
    ResourceRequest,
)
from localstack.utils.aws.arns import get_partition

from .resource_types import API_DEFAULTS, Identity, ResourceType

LOG = logging.getLogger(__name__)

HANDLER_ERROR_CODES = {
    400: "InvalidRequest",
    404: "NotFound",
    409: "AlreadyExists",
    429: "ServiceLimitExceeded",
}
# a deployment that a stage still serves cannot be deleted; it goes when its API goes (stack deletion order
# can put the deployment first when the stage names it only through the deployment's StageName)
ACTIVE_DEPLOYMENT = "Active stages pointing to this deployment"
OPENAPI_IMPORT_PROPERTIES = ("Body", "BodyS3Location", "BasePath", "FailOnWarnings")
JSON_TYPE_NAMES = {str: "String", dict: "JSONObject", list: "JSONArray", bool: "Boolean", int: "Integer"}


def _primitive_string(checker_type: str, parse):
    """CloudFormation takes a primitive's text (e.g. a parameter's value) where the schema wants the primitive."""
    default = jsonschema.Draft7Validator.TYPE_CHECKER

    def check(checker, instance) -> bool:
        if default.is_type(instance, checker_type):
            return True
        try:
            return isinstance(instance, str) and parse(instance) is not None
        except (ValueError, KeyError):
            return False

    return check


_SchemaValidator = jsonschema.validators.extend(
    jsonschema.Draft7Validator,
    type_checker=jsonschema.Draft7Validator.TYPE_CHECKER.redefine_many(
        {
            "integer": _primitive_string("integer", int),
            "number": _primitive_string("number", float),
            "boolean": _primitive_string(
                "boolean", lambda text: {"true": True, "false": False}[text.lower()]
            ),
        }
    ),
)


class InvalidProperties(Exception):
    """The template's properties do not fit the type's schema (CloudFormation's own validation message)."""


def handler_failure(error: Exception, request: ResourceRequest) -> ProgressEvent:
    """A FAILED event worded as CloudFormation words a resource handler's failure on AWS."""
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 500)
        request_id = error.response.get("ResponseMetadata", {}).get("RequestId", "")
        message = (
            f"{error.response['Error'].get('Message', '')} "
            f"(Service: ApiGatewayV2, Status Code: {status}, Request ID: {request_id})"
        )
        code = HANDLER_ERROR_CODES.get(status, "GeneralServiceException")
    else:
        message, code = str(error), "InvalidRequest"
    if isinstance(error, InvalidProperties):
        return ProgressEvent(OperationStatus.FAILED, resource_model={}, message=message)
    return ProgressEvent(
        OperationStatus.FAILED,
        resource_model={},
        message=f'Resource handler returned message: "{message}" '
        f"(RequestToken: {uuid.uuid4()}, HandlerErrorCode: {code})",
    )


class ApiGatewayV2ResourceProvider(ResourceProvider[dict]):
    def __init__(self, resource_type: ResourceType):
        self.type = resource_type
        self.SCHEMA = resource_type.schema

    # --- the engine's calls ------------------------------------------------------------------------------------

    def create(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        client = request.aws_client_factory.apigatewayv2
        try:
            properties = self._validated(request)
            self._reject_unsupported(properties)
            answer = self._call(client, "Create", self._members(client, "Create", properties))
        except (ClientError, ParamValidationError, InvalidProperties) as error:
            return handler_failure(error, request)
        return ProgressEvent(OperationStatus.SUCCESS, resource_model=self._model(properties, answer, request))

    def update(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        client = request.aws_client_factory.apigatewayv2
        previous = request.previous_state or {}
        try:
            desired = self._validated(request)
            self._reject_unsupported(desired)
            addressing = self.type.addressing({**desired, self.type.ref: previous.get(self.type.ref)})
            if self.type.clear_map_entries:
                self.type.clear_map_entries(client, addressing, previous, desired)
            changes = {**self._cleared(client, previous, desired), **self._members(client, "Update", desired)}
            answer = self._call(client, "Update", {**changes, **addressing})
            self._after_update(client, addressing, previous, desired)
            self._update_tags(client, request, previous, desired)
        except (ClientError, ParamValidationError, InvalidProperties) as error:
            return handler_failure(error, request)
        return ProgressEvent(OperationStatus.SUCCESS, resource_model=self._model(desired, answer, request))

    def delete(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        properties = request.desired_state or {}
        if not properties.get(self.type.ref):
            return ProgressEvent(OperationStatus.SUCCESS, resource_model={})  # never created
        try:
            self._call(request.aws_client_factory.apigatewayv2, "Delete", self.type.addressing(properties))
        except ClientError as error:
            code, message = error.response["Error"].get("Code"), error.response["Error"].get("Message", "")
            # gone with its API already, or a deployment that goes with its API
            if code != "NotFoundException" and ACTIVE_DEPLOYMENT not in message:
                return handler_failure(error, request)
        return ProgressEvent(OperationStatus.SUCCESS, resource_model={})

    def read(self, request: ResourceRequest[dict]) -> ProgressEvent[dict]:
        client = request.aws_client_factory.apigatewayv2
        try:
            answer = self._call(client, "Get", self.type.addressing(request.desired_state))
        except ClientError as error:
            return handler_failure(error, request)
        properties = {**request.desired_state, **answer}
        return ProgressEvent(OperationStatus.SUCCESS, resource_model=self._model(properties, answer, request))

    # --- requests --------------------------------------------------------------------------------------------

    def _call(self, client, verb: str, members: dict) -> dict:
        answer = getattr(client, xform_name(f"{verb}{self.type.operation}"))(**members)
        answer.pop("ResponseMetadata", None)
        return answer

    def _input_shape(self, client, verb: str) -> dict[str, Shape]:
        return client.meta.service_model.operation_model(f"{verb}{self.type.operation}").input_shape.members

    def _members(self, client, verb: str, properties: dict) -> dict:
        """The properties that are members of the request, in the member's form: a ``"format": "json"``
        property may come as an object or as a JSON string, and a model's Schema travels as a string."""
        members = {}
        for name, shape in self._input_shape(client, verb).items():
            if (value := properties.get(name)) is None:
                continue
            if shape.type_name == "string" and isinstance(value, dict | list):
                value = json.dumps(value)
            elif shape.type_name in ("map", "structure") and isinstance(value, str):
                value = json.loads(value) if value.strip() else {}
            members[name] = value
        return members

    def _cleared(self, client, previous: dict, desired: dict) -> dict:
        """What the update sends for properties the template dropped: the API's default, else the empty value
        of the member's type ("" unsets a string)."""
        empty = {"string": "", "boolean": False, "map": {}, "list": []}
        shapes = self._input_shape(client, "Update")
        cleared = {}
        for name in set(previous) - set(desired) - self.type.read_only - {"Tags", *self.type.parents}:
            if name in API_DEFAULTS:
                cleared[name] = API_DEFAULTS[name]
            elif name in shapes and shapes[name].type_name in empty:
                cleared[name] = empty[shapes[name].type_name]
        return cleared

    def _after_update(self, client, addressing: dict, previous: dict, desired: dict) -> None:
        """A Deployment's StageName (which UpdateDeployment does not take) points that stage at it."""
        stage = desired.get("StageName")
        if self.type.operation == "Deployment" and stage and stage != previous.get("StageName"):
            client.update_stage(
                ApiId=addressing["ApiId"], StageName=stage, DeploymentId=addressing["DeploymentId"]
            )

    def _update_tags(self, client, request: ResourceRequest, previous: dict, desired: dict) -> None:
        if not self.type.tag_arn:
            return
        arn = self.type.tag_arn(self._identity(request, {**previous, **desired}))
        old, new = previous.get("Tags") or {}, desired.get("Tags") or {}
        if removed := sorted(set(old) - set(new)):
            client.untag_resource(ResourceArn=arn, TagKeys=removed)
        if changed := {key: value for key, value in new.items() if old.get(key) != value}:
            client.tag_resource(ResourceArn=arn, Tags=changed)

    # --- properties -------------------------------------------------------------------------------------------

    def _validated(self, request: ResourceRequest) -> dict:
        """The template's properties, checked against AWS's schema as CloudFormation checks them."""
        properties = dict(request.desired_state or {})
        errors = sorted(
            _SchemaValidator(self.SCHEMA).iter_errors(properties),
            key=lambda e: (list(e.path), str(e.validator)),
        )
        if errors:
            raise InvalidProperties(
                f"Properties validation failed for resource {request.logical_resource_id} with message: "
                + ", ".join(_schema_message(error) for error in errors)
            )
        return properties

    def _reject_unsupported(self, properties: dict) -> None:
        """An Api's OpenAPI import properties (HTTP APIs only, and no member of CreateApi) are refused by name;
        on an HTTP API the control plane's own refusal comes first."""
        if self.type.operation != "Api" or properties.get("ProtocolType") != "WEBSOCKET":
            return
        for name in OPENAPI_IMPORT_PROPERTIES:
            if name in properties:
                raise InvalidProperties(f"{name} (an OpenAPI import) is supported only for HTTP APIs")

    def _identity(self, request: ResourceRequest, properties: dict) -> Identity:
        return Identity(
            request.account_id, request.region_name, get_partition(request.region_name), properties
        )

    def _model(self, properties: dict, answer: dict, request: ResourceRequest) -> dict:
        """The resource as CloudFormation keeps it: its properties, its id (Ref) and its read-only attributes."""
        model = {**properties, self.type.ref: answer.get(self.type.ref, properties.get(self.type.ref))}
        model.update(self.type.attributes(answer, self._identity(request, model)))
        return model


def _schema_message(error: jsonschema.ValidationError) -> str:
    """jsonschema's finding in the words CloudFormation uses for the same finding."""
    pointer = "#" + "".join(f"/{part}" for part in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{pointer}: required key [{missing}] not found"
    if error.validator == "additionalProperties":
        extra = error.message.split("'")[1]
        return f"{pointer}: extraneous key [{extra}] is not permitted"
    if error.validator == "type":
        expected = error.validator_value
        expected = "/".join(expected) if isinstance(expected, list) else expected
        found = JSON_TYPE_NAMES.get(type(error.instance), type(error.instance).__name__)
        return f"{pointer}: expected type: {expected.title()}, found: {found}"
    if error.validator == "enum":
        return f"{pointer}: {error.instance} is not a valid enum value"
    return f"{pointer}: {error.message}"
