"""Sign in through the gateway's development issuer, and sign out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pdp_common.identity import Clearance, Role
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from console import csrf
from console.dependencies import ClientDep, SettingsDep
from console.gateway_client import ApiProblem
from console.rendering import render
from console.session import end_session, start_session, viewer_from_token
from console.settings import ConsoleSettings

router = APIRouter()

DEV_ISSUER_TOKEN = "/dev-issuer/token"  # noqa: S105 - a path, not a secret
OFFERED_ROLES = (Role.ANALYST, Role.OFFICER, Role.HEAD_OF_CENTRE, Role.PARTNER, Role.VIEWER)
DEFAULTS: dict[str, Any] = {
    "subject": "analyst@unrcca.org",
    "org": "UNRCCA",
    "roles": [Role.ANALYST.value],
    "clearance": Clearance.CONFIDENTIAL.value,
}


def safe_next(target: str | None) -> str:
    """Return a local path to go to after signing in (never another site)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _form_page(
    request: Request,
    settings: ConsoleSettings,
    *,
    values: dict[str, Any],
    problem: ApiProblem | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "signin.html",
        {
            "values": values,
            "roles": OFFERED_ROLES,
            "clearances": list(Clearance),
            "problem": problem,
            "enabled": settings.dev_sign_in,
            "next": safe_next(request.query_params.get("next") or values.get("next")),
            "expired": request.query_params.get("expired") == "1",
        },
        status=status,
    )


@router.get("/sign-in")
async def show_sign_in(request: Request, settings: SettingsDep) -> Response:
    """Show the development sign-in form."""
    return _form_page(request, settings, values=DEFAULTS)


def _values(form: FormData) -> dict[str, Any]:
    return {
        "subject": str(form.get("subject") or "").strip(),
        "org": str(form.get("org") or "").strip(),
        "roles": [str(r) for r in form.getlist("roles")],
        "clearance": str(form.get("clearance") or Clearance.PUBLIC.value),
        "next": str(form.get("next") or "/"),
    }


@router.post("/sign-in")
async def sign_in(request: Request, settings: SettingsDep, client: ClientDep) -> Response:
    """Get a token from the development issuer and keep it in the session cookie."""
    form = await request.form()
    values = _values(form)
    secret = settings.secret_key.get_secret_value()
    if not csrf.is_valid(secret, request, str(form.get(csrf.CSRF_FIELD) or "")):
        problem = ApiProblem(403, "CSRF", "problem.csrf")
        return _form_page(request, settings, values=values, problem=problem, status=403)
    if not settings.dev_sign_in:
        problem = ApiProblem(404, "Not found", "signin.disabled")
        return _form_page(request, settings, values=values, problem=problem, status=404)
    body = {k: values[k] for k in ("subject", "org", "roles", "clearance")}
    try:
        answer = await client.post(DEV_ISSUER_TOKEN, token=None, json=body)
    except ApiProblem as refused:
        status = refused.status if 400 <= refused.status < 600 else 502
        return _form_page(request, settings, values=values, problem=refused, status=status)
    token = str(answer.body["access_token"])
    viewer = viewer_from_token(token)
    if viewer is None:
        problem = ApiProblem(502, "Unreadable token", "The issuer's token could not be read.")
        return _form_page(request, settings, values=values, problem=problem, status=502)
    response = RedirectResponse(safe_next(values["next"]), status_code=303)
    max_age = int(answer.body.get("expires_in") or 3600)
    start_session(response, token, max_age=max_age, secure=settings.cookie_secure)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, settings: SettingsDep) -> Response:
    """Forget the session's token."""
    form = await request.form()
    secret = settings.secret_key.get_secret_value()
    if not csrf.is_valid(secret, request, str(form.get(csrf.CSRF_FIELD) or "")):
        return render(request, "error.html", {"message_key": "problem.csrf"}, status=403)
    response = RedirectResponse("/sign-in", status_code=303)
    end_session(response)
    return response
