"""Seeded, bounded fuzzing of a real LocalStack with the extension (issue #12; docs/development.md, "Fuzzing
frames, control plane and @connections").

- ``run.py``: the knobs (``WS_FUZZ_SEED``, ``WS_FUZZ_BUDGET``, ``WS_FUZZ_SECONDS``, ``WS_FUZZ_CASE``), one
  reproducible ``random.Random`` per case, the figures printed at the end;
- ``server.py``: what every run asserts of LocalStack itself (no 5xx, no traceback or ERROR in its log, healthy);
- ``frames.py`` + ``raw_client.py``: WebSocket frames after a real handshake, and what RFC 6455 and AWS say the
  server must answer to them;
- ``events.py``: the ws_app's recorded events by connection (exactly one $disconnect per accepted connection);
- ``shapes.py``: random and boundary values for the members of botocore's models, and calls that send them as
  drawn;
- ``control_plane.py``: the apigatewayv2 cases (a world of resources per case, calls of every served operation,
  what an AWS-shaped answer is);
- ``connections.py``: the @connections cases (ids, bodies, sizes, boto3 or hand-signed requests) and the answer
  each must get.
"""
