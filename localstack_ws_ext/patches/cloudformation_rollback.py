"""A stack whose creation fails is rolled back, as on AWS: what was created is deleted, the stack ends in
``ROLLBACK_COMPLETE`` and the failed resource keeps its reason.

LocalStack's engine stops at the first failed resource and leaves the resources it already created (an API
without its routes, say) in a stack marked ``CREATE_FAILED``. Here, after a failed creation, each resource the
engine created is deleted through its own resource provider, newest first, with the ``DELETE_IN_PROGRESS`` /
``DELETE_COMPLETE`` events AWS shows, and the stack stays ``ROLLBACK_COMPLETE``.
"""

from types import ModuleType

from .after_import import after_import

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
    from localstack.aws.api.cloudformation import ChangeSetType, StackStatus

    executor_class = module.ChangeSetModelExecutor
    original = executor_class.execute
    if getattr(original, "_ws_ext_patched", False):
        return

    def execute(self):
        result = original(self)
        stack = self._change_set.stack
        if (
            result.failure_message
            and self._change_set.change_set_type == ChangeSetType.CREATE
            and stack.status == StackStatus.ROLLBACK_COMPLETE
        ):
            stack.set_stack_status(StackStatus.ROLLBACK_IN_PROGRESS, result.failure_message)
            roll_back_created_resources(self)
            stack.set_stack_status(StackStatus.ROLLBACK_COMPLETE)
            setattr(stack, ROLLED_BACK, True)
        return result

    execute._ws_ext_patched, execute.__wrapped__ = True, original
    executor_class.execute = execute


def _patch_stack(module: ModuleType) -> None:
    """CreateStack marks a stack whose resources are not all created CREATE_FAILED after the executor ran: a
    rolled back stack stays ROLLBACK_COMPLETE."""
    from localstack.aws.api.cloudformation import StackStatus

    stack_class = module.Stack
    original = stack_class.set_stack_status
    if getattr(original, "_ws_ext_patched", False):
        return

    def set_stack_status(self, status, reason=None):
        if status == StackStatus.CREATE_FAILED and getattr(self, ROLLED_BACK, False):
            return
        original(self, status, reason)

    set_stack_status._ws_ext_patched, set_stack_status.__wrapped__ = True, original
    stack_class.set_stack_status = set_stack_status


def install() -> None:
    after_import(EXECUTOR_MODULE, _patch_executor)
    after_import(ENTITIES_MODULE, _patch_stack)
