"""Tiny CDK, Serverless and SAM apps deployed by the real tools (python -m tests.tools.probe.run)."""
