"""Registers the local executor with LocalStack (``LAMBDA_RUNTIME_EXECUTOR=local``)."""

from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin


class LocalRuntimeExecutorPlugin(RuntimeExecutorPlugin):
    name = "local"

    def load(self, *args, **kwargs):
        from .executor import LocalRuntimeExecutor

        return LocalRuntimeExecutor
