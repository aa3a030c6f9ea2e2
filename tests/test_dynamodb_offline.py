"""DynamoDB in a real LocalStack: moto where DynamoDB Local cannot run, DynamoDB Local kept where it can.

This machine has neither Java 21 nor DynamoDB Local installed in LocalStack's package directories, and cannot
download them: a LocalStack started without ``PROVIDER_OVERRIDE_DYNAMODB`` must choose moto by itself.
"""

import stat

import pytest
import requests

from tests.harness import LocalStack, running_localstack

AUTOMATIC_LINE = "localstack-ws-ext: DynamoDB Local cannot run here ("
MOTO_SUFFIX = "): DynamoDB is served by moto (PROVIDER_OVERRIDE_DYNAMODB=moto)"


def loaded_dynamodb_providers(localstack: LocalStack) -> list[str]:
    plugins = requests.get(f"{localstack.endpoint}/_localstack/plugins", timeout=10).json()
    return [
        p["name"]
        for p in plugins["localstack.aws.provider"]
        if p["name"].startswith("dynamodb:") and p["is_loaded"]
    ]


def use_a_table(localstack: LocalStack) -> None:
    dynamodb = localstack.client("dynamodb")
    dynamodb.create_table(
        TableName="connections",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "apiId", "AttributeType": "S"},
            {"AttributeName": "connectionId", "AttributeType": "S"},
        ],
        KeySchema=[
            {"AttributeName": "apiId", "KeyType": "HASH"},
            {"AttributeName": "connectionId", "KeyType": "RANGE"},
        ],
    )
    dynamodb.get_waiter("table_exists").wait(TableName="connections", WaiterConfig={"Delay": 0.5})
    for connection_id, user in [("c1", "ada"), ("c2", "grace"), ("c3", "linus")]:
        api = "other" if connection_id == "c3" else "chat"
        item = {"apiId": {"S": api}, "connectionId": {"S": connection_id}, "user": {"S": user}}
        dynamodb.put_item(TableName="connections", Item=item)

    item = dynamodb.get_item(
        TableName="connections", Key={"apiId": {"S": "chat"}, "connectionId": {"S": "c2"}}
    )
    query = dynamodb.query(
        TableName="connections",
        KeyConditionExpression="apiId = :api",
        ExpressionAttributeValues={":api": {"S": "chat"}},
    )
    scan = dynamodb.scan(TableName="connections")

    assert item["Item"] == {"apiId": {"S": "chat"}, "connectionId": {"S": "c2"}, "user": {"S": "grace"}}
    assert [(i["connectionId"]["S"], i["user"]["S"]) for i in query["Items"]] == [
        ("c1", "ada"),
        ("c2", "grace"),
    ]
    assert query["Count"] == 2
    assert sorted(i["connectionId"]["S"] for i in scan["Items"]) == ["c1", "c2", "c3"]
    assert dynamodb.list_tables()["TableNames"] == ["connections"]


# The harness passes the caller's environment through: each test sets or removes the override itself.


def test_without_override_localstack_chooses_moto_says_so_once_and_dynamodb_works(monkeypatch):
    monkeypatch.delenv("PROVIDER_OVERRIDE_DYNAMODB", raising=False)
    with running_localstack() as localstack:
        use_a_table(localstack)
        providers = loaded_dynamodb_providers(localstack)
        log = localstack.log()

    assert providers == ["dynamodb:moto"]
    lines = [line for line in log.splitlines() if AUTOMATIC_LINE in line]
    assert len(lines) == 1, lines
    # precise reason: what is missing and which download host failed how (no DNS on this machine)
    reason = lines[0].split(AUTOMATIC_LINE, 1)[1]
    assert reason.startswith(
        "Java 21 and DynamoDB Local not installed, downloads unreachable: github.com:443 ("
    )
    assert "d1ni2b6xgvw0s0.cloudfront.net:443 (" in reason and "repo1.maven.org:443 (" in reason
    assert reason.endswith(MOTO_SUFFIX)
    assert "Traceback" not in log


def test_an_explicit_override_wins_and_nothing_is_logged(monkeypatch):
    monkeypatch.setenv("PROVIDER_OVERRIDE_DYNAMODB", "moto")
    with running_localstack() as localstack:
        use_a_table(localstack)
        providers = loaded_dynamodb_providers(localstack)
        log = localstack.log()

    assert providers == ["dynamodb:moto"]
    assert AUTOMATIC_LINE not in log
    assert "Traceback" not in log


def fake_installation(lib_dir) -> None:
    """What LocalStack's installed-dir checks look for: Java 21's bin/java and DynamoDB Local's jar."""
    java = lib_dir / "java" / "21" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\nexit 1\n")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    jar = lib_dir / "dynamodb-local" / "2" / "DynamoDBLocal.jar"
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"")


@pytest.mark.parametrize("installed", [True, False], ids=["installed", "not-installed"])
def test_dynamodb_local_stays_the_default_where_it_is_installed(monkeypatch, installed):
    """LocalStack's own package directories decide: an installed DynamoDB Local is kept, silently.

    Each LocalStack gets its own filesystem root (host mode), so the installation is planted only there. The
    provider choice is read from LocalStack's configuration (``/_localstack/diagnose``, served with DEBUG=1)
    without a DynamoDB call, which would start the planted (fake) Java.
    """
    monkeypatch.delenv("PROVIDER_OVERRIDE_DYNAMODB", raising=False)
    localstack = LocalStack(OVERRIDE_IN_DOCKER="0", DEBUG="1")
    root = localstack.workdir / "filesystem"
    localstack.env["FILESYSTEM_ROOT"] = str(root)
    if installed:
        fake_installation(root / "var" / "lib" / "localstack" / "lib")
    localstack.start()
    try:
        diagnose = requests.get(f"{localstack.endpoint}/_localstack/diagnose", timeout=60).json()
    finally:
        localstack.stop()
    log = localstack.log()

    assert diagnose["config"]["dirs"]["var_libs"] == str(root / "var" / "lib" / "localstack" / "lib")
    chosen = diagnose["config"]["SERVICE_PROVIDER_CONFIG"]["_provider_config"].get("dynamodb")
    if installed:
        assert chosen is None  # LocalStack's default: DynamoDB Local
        assert AUTOMATIC_LINE not in log
    else:
        assert chosen == "moto"
        assert log.count(AUTOMATIC_LINE) == 1
    assert "Traceback" not in log
