"""The Docker-less Lambda runtime: functions run as host subprocesses driven by LocalStack's Lambda service."""
