"""API keys and usage plans, from LocalStack's API Gateway (v1) store, where AWS keeps them too: a WebSocket
stage is attached to a usage plan as ``{apiId, stage}`` like a REST stage, and its keys are the plan's keys.

The lookup is next_gen's own (its API key validation handler reads the same moto backend helpers)."""

import dataclasses

from localstack.services.apigateway.next_gen.execute_api.moto_helpers import (
    get_api_key,
    get_usage_plan_keys,
    get_usage_plans,
)


@dataclasses.dataclass(frozen=True)
class ApiKey:
    id: str
    value: str
    enabled: bool


def stage_api_key(value: str, api_id: str, stage: str, account_id: str, region: str) -> ApiKey | None:
    """The key with this value among the keys of the usage plans that include the stage, or None."""
    for plan in get_usage_plans(account_id=account_id, region_name=region):
        if not any(
            api_stage.get("apiId") == api_id and api_stage.get("stage") == stage
            for api_stage in plan.get("apiStages") or []
        ):
            continue
        for plan_key in get_usage_plan_keys(
            usage_plan_id=plan["id"], account_id=account_id, region_name=region
        ):
            if plan_key.get("value") == value:
                key = get_api_key(api_key_id=plan_key["id"], account_id=account_id, region_name=region)
                return ApiKey(key["id"], key["value"], bool(key.get("enabled")))
    return None
