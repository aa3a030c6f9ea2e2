"""MaxResults / NextToken of the Get* list operations.

LocalStack's ``PaginatedList`` restarts silently from the first item on an unknown token, where AWS answers
BadRequestException; hence this one.
"""

import base64
import copy

from .errors import bad_request


def paginate(items: list[dict], request: dict) -> dict:
    """One page of ``items`` (copies); the NextToken is opaque to clients."""
    start = 0
    if token := request.get("NextToken"):
        try:
            start = int(base64.urlsafe_b64decode(token.encode()).decode())
        except ValueError:
            raise bad_request(f"Invalid NextToken: {token}") from None
    size = len(items)
    if max_results := request.get("MaxResults"):
        if not str(max_results).isdigit() or not 1 <= int(max_results) <= 500:
            raise bad_request(f"Invalid MaxResults: {max_results}. Must be a number between 1 and 500")
        size = int(max_results)
    page = items[start : start + size]
    result = {"Items": copy.deepcopy(page)}
    if start + size < len(items):
        result["NextToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return result
