"""Create, read, update and delete, written once over the kinds of ``resources``.

Resources are stored in the shape Get* returns them, so an operation answers with a copy of what is stored. Below
an API, a change is made under the API's lock and, when deployments snapshot the kind, redeploys the stages that
have AutoDeploy.
"""

import copy

from .deployments import redeploy
from .errors import limit_exceeded, not_found
from .generated import new_id
from .pagination import paginate
from .resources import API, ResourceKind, children
from .store import WebSocketApi


def members(request: dict, *addressing: str) -> dict:
    """The request's members that describe the resource (not the path members that address it, nor unset ones)."""
    return {key: value for key, value in request.items() if value is not None and key not in addressing}


def updated(resource: dict, changes: dict) -> dict:
    """``resource`` with an Update* request's members applied; a member set to "" is unset (as clients such as
    CloudFormation and Terraform clear an optional member)."""
    result = {**resource, **changes}
    for name in [name for name, value in changes.items() if value == ""]:
        del result[name]
    return result


def find(resources: dict, kind: ResourceKind, identifier: str):
    if identifier not in resources:
        raise not_found(kind.name, identifier)
    return resources[identifier]


def collection(owner, kind: ResourceKind, request: dict) -> dict:
    """The resources of ``kind`` that ``request`` addresses in ``owner`` (a WebSocketApi, or the region's store
    for domain names): those of the parent resource it names, which must exist."""
    kept = getattr(owner, kind.attribute)
    if kind.parent is None:
        return kept
    parent_id = request[kind.parent.id_member]
    find(collection(owner, kind.parent, request), kind.parent, parent_id)
    return kept.setdefault(parent_id, {})


def check_quota(resources: dict, kind: ResourceKind) -> None:
    if kind.quota is not None and len(resources) >= kind.quota:
        raise limit_exceeded(kind.attribute, kind.quota)


def get(owner, kind: ResourceKind, request: dict) -> dict:
    return copy.deepcopy(find(collection(owner, kind, request), kind, request[kind.id_member]))


def get_page(owner, kind: ResourceKind, request: dict) -> dict:
    return paginate(list(collection(owner, kind, request).values()), request)


def create(api: WebSocketApi, kind: ResourceKind, request: dict) -> dict:
    """A new resource below ``api``, with a generated id: the request's members over the kind's defaults."""
    with api.lock:
        siblings = collection(api, kind, request)
        check_quota(siblings, kind)
        resource = {**kind.defaults(request), **members(request, API.id_member, *kind.addressing)}
        kind.validate(api, siblings, resource)
        identifier = resource[kind.id_member] = new_id(kind.id_length)
        siblings[identifier] = resource
        for child in children(kind):
            getattr(api, child.attribute)[identifier] = {}
        _changed(api, kind)
        return copy.deepcopy(resource)


def update(api: WebSocketApi, kind: ResourceKind, request: dict) -> dict:
    """The request's members applied to a resource below ``api`` (see ``updated``), once the result validates."""
    with api.lock:
        siblings = collection(api, kind, request)
        resource = find(siblings, kind, request[kind.id_member])
        new = updated(resource, members(request, API.id_member, *kind.addressing))
        kind.validate(api, siblings, new)
        resource.clear()
        resource.update(new)
        _changed(api, kind)
        return copy.deepcopy(resource)


def delete(api: WebSocketApi, kind: ResourceKind, request: dict) -> None:
    """Deletes a resource below ``api`` and what is kept per it, unless something still uses it."""
    with api.lock:
        siblings = collection(api, kind, request)
        identifier = request[kind.id_member]
        resource = find(siblings, kind, identifier)
        if kind.unused is not None:
            kind.unused(api, resource)
        del siblings[identifier]
        for child in children(kind):
            getattr(api, child.attribute).pop(identifier, None)
        _changed(api, kind)


def _changed(api: WebSocketApi, kind: ResourceKind) -> None:
    if kind.deployed:
        redeploy(api)
