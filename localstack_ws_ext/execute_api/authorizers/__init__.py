"""Authorization of ``$connect`` (docs/aws-behaviour.md §10): Lambda REQUEST authorizers, AWS_IAM (SigV4) and
API keys.

One concept per module: where an authorizer's identity comes from (``identity_sources``), what its Lambda
answered (``output``), what its policy allows (``policy``), how long that answer holds (``cache``), the
REQUEST authorizer itself (``lambda_request``), SigV4-signed handshakes (``iam``) and API keys (``api_keys``).
"""
