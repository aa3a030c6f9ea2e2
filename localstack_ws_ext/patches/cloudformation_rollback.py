"""A stack whose creation fails is rolled back, as on AWS: what was created is deleted, the stack ends in
``ROLLBACK_COMPLETE`` and the failed resource keeps its reason.

LocalStack's engine stops at the first failed resource and leaves the resources it already created (an API
without its routes, say) in a stack marked ``CREATE_FAILED``. Here, after a failed creation, each resource the
engine created is deleted through its own resource provider, newest first, with the ``DELETE_IN_PROGRESS`` /
``DELETE_COMPLETE`` events AWS shows, and the stack stays ``ROLLBACK_COMPLETE``.
"""

from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
EXECUTOR_MODULE = "localstack.services.cloudformation.engine.v2.change_set_model_executor"
ENTITIES_MODULE = "localstack.services.cloudformation.v2.entities"
ROLLED_BACK = "_ws_ext_rolled_back"


def roll_back_created_resources(executor) -> None:
    from localstack.aws.api.cloudformation import ResourceStatus
    from localstack.services.cloudformation.engine.v2.change_set_model import ChangeAction
    from localstack.services.cloudformation.engine.v2.change_set_model_preproc import PreprocProperties
    from localstack.services.cloudformation.resource_provider import OperationStatus

    for logical_id, resource in reversed(list(executor.resources.items())):
        if resource.get("ResourceStatus") != ResourceStatus.CREATE_COMPLETE:
            continue
        resource_type = resource["Type"]
        executor._process_event(
            action=ChangeAction.Remove,
            logical_resource_id=logical_id,
            event_status=OperationStatus.IN_PROGRESS,
            resource_type=resource_type,
        )
        event = executor._execute_resource_action(
            action=ChangeAction.Remove,
            logical_resource_id=logical_id,
            resource_type=resource_type,
            before_properties=PreprocProperties(properties=resource.get("Properties") or {}),
            after_properties=None,
            part_of_replacement=True,  # leaves the executor's record of the resource to us
        )
        executor._process_event(
            action=ChangeAction.Remove,
            logical_resource_id=logical_id,
            event_status=event.status,
            resource_type=resource_type,
            reason=event.message,
        )
        resource["ResourceStatus"] = ResourceStatus(
            "DELETE_COMPLETE" if event.status == OperationStatus.SUCCESS else "DELETE_FAILED"
        )


def _patch_executor(module: ModuleType) -> None:
    def rolling_back(original):
        def execute(self):
            return _roll_back_a_failed_creation(self, original(self))

        return execute

    replace(module.ChangeSetModelExecutor, "execute", rolling_back)


def _roll_back_a_failed_creation(executor, result):
    """The executor ends a failed creation in ROLLBACK_COMPLETE without deleting anything: here it does."""
    from localstack.aws.api.cloudformation import ChangeSetType, StackStatus

    stack = executor._change_set.stack
    if (
        result.failure_message
        and executor._change_set.change_set_type == ChangeSetType.CREATE
        and stack.status == StackStatus.ROLLBACK_COMPLETE
    ):
        stack.set_stack_status(StackStatus.ROLLBACK_IN_PROGRESS, result.failure_message)
        roll_back_created_resources(executor)
        stack.set_stack_status(StackStatus.ROLLBACK_COMPLETE)
        setattr(stack, ROLLED_BACK, True)
    return result


def _patch_stack(module: ModuleType) -> None:
    """CreateStack marks a stack whose resources are not all created CREATE_FAILED after the executor ran: a
    rolled back stack stays ROLLBACK_COMPLETE."""
    from localstack.aws.api.cloudformation import StackStatus

    def keeping_a_rollback(original):
        def set_stack_status(self, status, reason=None):
            if status == StackStatus.CREATE_FAILED and getattr(self, ROLLED_BACK, False):
                return
            original(self, status, reason)

        return set_stack_status

    replace(module.Stack, "set_stack_status", keeping_a_rollback)


def install() -> None:
    after_import(EXECUTOR_MODULE, _patch_executor)
    after_import(ENTITIES_MODULE, _patch_stack)
