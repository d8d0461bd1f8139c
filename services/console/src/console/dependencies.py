"""Request dependencies of the console's pages: settings, the gateway client, the viewer."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from console.gateway_client import GatewayClient
from console.session import Viewer, current_viewer
from console.settings import ConsoleSettings


class SignInRequired(Exception):
    """The page needs a signed-in person; the handler sends the browser to the sign-in page."""

    def __init__(self, next_path: str, *, expired: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.expired = expired


def get_settings(request: Request) -> ConsoleSettings:
    """Return the console's settings."""
    settings: ConsoleSettings = request.app.state.settings
    return settings


def get_client(request: Request) -> GatewayClient:
    """Return the process's gateway client."""
    client: GatewayClient = request.app.state.gateway
    return client


def require_viewer(request: Request) -> Viewer:
    """Return the signed-in person, or send the browser to sign in first."""
    viewer = current_viewer(request)
    if viewer is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(path, expired="pdp_console_session" in request.cookies)
    return viewer


SettingsDep = Annotated[ConsoleSettings, Depends(get_settings)]
ClientDep = Annotated[GatewayClient, Depends(get_client)]
ViewerDep = Annotated[Viewer, Depends(require_viewer)]
