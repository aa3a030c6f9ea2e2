"""The one door through which the WebSocket gateway reuses LocalStack's next_gen API Gateway engine.

Everything the WebSocket gateway reuses from next_gen (its Lambda invocation as API Gateway, its integrations,
its template engine) goes through this package, which adapts a WebSocket invocation to what next_gen expects.
Nothing else in the data plane imports next_gen, so a change in LocalStack's internals is fixed here, once.

The shim patches nothing: where the reuse needs LocalStack to behave differently (templates parsed once, a
timeout on next_gen's integration requests), the change is a patch in ``localstack_ws_ext.patches``, installed
once at startup, and the shim uses that patch's hook (``parsing_once()``, ``request_timeout()``).
"""
