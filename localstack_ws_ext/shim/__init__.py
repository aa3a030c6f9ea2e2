"""The one door into LocalStack's next_gen API Gateway engine.

Everything the WebSocket gateway reuses from next_gen (its Lambda invocation as API Gateway, its integrations,
its template engine) goes through this package, which adapts a WebSocket invocation to what next_gen expects.
Nothing outside it imports next_gen, so a change in LocalStack's internals is fixed here, once.
"""
