"""A ``Ref`` to a resource updated in place is unchanged, as on AWS, so its dependents are not replaced.

LocalStack's CloudFormation engine gives ``{"Ref": X}`` the change type of resource X ("TODO: this should
check the replacement flag for a resource update"): when X is modified in place, every property that refers to
it counts as modified. For a property in ``createOnlyProperties`` that means replacement: changing an Api's
description would replace each of its routes, integrations and stages (and fail, as the new route's key is
still taken by the old route). The physical id of a resource updated in place does not change, so here such a
``Ref`` is unchanged; a ``Ref`` to a resource that is replaced stays modified.
"""

from types import ModuleType

from .after_import import after_import
from .replacing import replace

VERSIONS = ("2026.3",)
MODULE = "localstack.services.cloudformation.engine.v2.change_set_model"


def _patch(module: ModuleType) -> None:
    replace(
        module.ChangeSetModel,
        "_resolve_intrinsic_function_ref",
        lambda original: _resolve_ref(module, original),
    )


def _resolve_ref(module: ModuleType, original):
    def resolve_ref(self, arguments):
        change_type = original(self, arguments)
        if change_type != module.ChangeType.MODIFIED or arguments.change_type != module.ChangeType.UNCHANGED:
            return change_type  # not a resource's change, or the Ref names another resource now
        if not isinstance(arguments, module.TerminalValue):
            return change_type
        if not isinstance(arguments.value, str) or arguments.value.startswith("AWS::"):
            return change_type
        if isinstance(
            self._retrieve_parameter_if_exists(parameter_name=arguments.value), module.NodeParameter
        ):
            return change_type
        if isinstance(
            self._retrieve_condition_if_exists(condition_name=arguments.value), module.NodeCondition
        ):
            return change_type
        resource = self._retrieve_or_visit_resource(resource_name=arguments.value)
        return change_type if resource.requires_replacement else module.ChangeType.UNCHANGED

    return resolve_ref


def install() -> None:
    after_import(MODULE, _patch)
