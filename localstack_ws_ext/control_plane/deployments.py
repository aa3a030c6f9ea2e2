"""Deployments and AutoDeploy.

A deployment freezes the API's configuration (``WebSocketApi.snapshot``); a stage serves the snapshot of the
deployment it points to. A stage with AutoDeploy is redeployed after every change to the API's configuration, as
AWS does: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-set-up-websocket-deployment.html
"""

from .errors import bad_request
from .generated import new_id, now
from .resources import DEPLOYMENT
from .store import Deployment, WebSocketApi

NO_ROUTES = "Unable to deploy API because no routes exist in this API"
AUTO_DEPLOYMENT_DESCRIPTION = "Automatic deployment triggered by changes to the Api configuration"


def deploy(api: WebSocketApi, description: str | None, auto: bool = False) -> dict:
    """A new deployment of the API as it is now (the caller holds the API's lock); the Deployment resource."""
    if not api.routes:
        raise bad_request(NO_ROUTES)
    resource = {
        "AutoDeployed": auto,
        "CreatedDate": now(),
        "DeploymentId": new_id(DEPLOYMENT.id_length),
        "DeploymentStatus": "DEPLOYED",
    }
    if description is not None:
        resource["Description"] = description
    api.deployments[resource["DeploymentId"]] = Deployment(resource, api.snapshot())
    return resource


def auto_deploy(api: WebSocketApi, stage: dict) -> None:
    """Deploys to ``stage``; a failure is not an error of the change that triggered it, but the stage's status."""
    if not api.routes:
        stage["LastDeploymentStatusMessage"] = f"Deployment attempt failed: {NO_ROUTES}"
        return
    deployment = deploy(api, AUTO_DEPLOYMENT_DESCRIPTION, auto=True)
    stage["DeploymentId"] = deployment["DeploymentId"]
    stage["LastDeploymentStatusMessage"] = (
        f"Successfully deployed stage with deployment ID '{deployment['DeploymentId']}'"
    )
    stage["LastUpdatedDate"] = now()


def redeploy(api: WebSocketApi) -> None:
    """After a change to the API's configuration: redeploys the stages that have AutoDeploy."""
    for stage in api.stages.values():
        if stage.get("AutoDeploy"):
            auto_deploy(api, stage)
