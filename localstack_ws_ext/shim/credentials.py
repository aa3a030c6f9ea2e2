"""Who signed a request: the secret LocalStack holds for an access key id, and the caller it stands for.

LocalStack resolves keys the same way for its own signature checks (S3 presigned URLs): keys made by IAM
``CreateAccessKey`` and STS temporary credentials have their own secret; any other key id is LocalStack's
default identity, whose secret is ``test``. The account is the one LocalStack derives from the key id.
"""

import dataclasses

from localstack.aws.accounts import get_account_id_from_access_key_id
from localstack.services.iam.models import iam_stores
from localstack.services.sts.models import sts_stores
from localstack.utils.aws.arns import get_partition

DEFAULT_SECRET_ACCESS_KEY = "test"


@dataclasses.dataclass(frozen=True)
class SigningIdentity:
    access_key_id: str
    secret_access_key: str
    session_token: str | None  # temporary credentials: the token the request must carry
    account_id: str
    caller: str  # user id (IAM user), role id:session (assumed role) or the account id (root)
    user: str
    user_arn: str


class InvalidAccessKey(Exception):
    """The key exists but may not sign (inactive IAM key, expired temporary credentials)."""


def signing_identity(access_key_id: str, region: str) -> SigningIdentity:
    account_id = get_account_id_from_access_key_id(access_key_id)
    iam_store = iam_stores[account_id][region]
    if user_name := iam_store.ACCESS_KEY_INDEX.get(access_key_id):
        user = iam_store.USERS.get(user_name)
        entity = user.access_keys.get(access_key_id) if user else None
        if entity is None or entity.access_key.get("Status", "Active") != "Active":
            raise InvalidAccessKey(f"access key {access_key_id} is not active")
        return SigningIdentity(
            access_key_id,
            entity.access_key["SecretAccessKey"],
            None,
            account_id,
            user.user["UserId"],
            user.user["UserId"],
            user.user["Arn"],
        )
    if credentials := sts_stores[account_id][region].credentials.get(access_key_id):
        if credentials.is_expired():
            raise InvalidAccessKey(f"temporary credentials {access_key_id} have expired")
        return SigningIdentity(
            access_key_id,
            credentials.secret_access_key,
            credentials.session_token,
            credentials.account_id,
            credentials.user_id,
            credentials.user_id,
            credentials.arn,
        )
    root_arn = f"arn:{get_partition(region)}:iam::{account_id}:root"
    return SigningIdentity(
        access_key_id, DEFAULT_SECRET_ACCESS_KEY, None, account_id, account_id, account_id, root_arn
    )
