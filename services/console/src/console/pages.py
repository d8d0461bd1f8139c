"""The console's pages: situation overview, verification queue, an incident and its transitions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from console import csrf
from console.dependencies import ClientDep, SettingsDep, ViewerDep
from console.gateway_client import ApiProblem
from console.overview import OverviewFilters, load_overview, map_points
from console.rendering import render
from console.verification import load_incident, load_queue, move_incident
from console.vocabulary import CATEGORIES, COUNTRIES, PERIODS, SEVERITIES

router = APIRouter()


@router.get("/")
async def show_overview(
    request: Request, viewer: ViewerDep, client: ClientDep, settings: SettingsDep
) -> Response:
    """Show the map, counts and trend of the incidents the viewer may see."""
    query = {key: request.query_params.getlist(key) for key in request.query_params}
    filters = OverviewFilters.from_query(query, viewer)
    overview = await load_overview(client, viewer, filters, limit=settings.map_limit)
    return render(
        request,
        "overview.html",
        {
            "filters": filters,
            "overview": overview,
            "points": map_points(overview.incidents),
            "countries": COUNTRIES,
            "categories": CATEGORIES,
            "periods": PERIODS,
            "severities": SEVERITIES,
            "sensitivities": [c.value for c in viewer.clearances],
        },
    )


@router.get("/queue")
async def show_queue(
    request: Request, viewer: ViewerDep, client: ClientDep, settings: SettingsDep
) -> Response:
    """List the incidents awaiting verification, most severe and newest first."""
    incidents = await load_queue(client, viewer, limit=settings.queue_limit)
    return render(request, "queue.html", {"incidents": incidents})


@router.get("/incidents/{incident_id}")
async def show_incident(
    incident_id: uuid.UUID, request: Request, viewer: ViewerDep, client: ClientDep
) -> Response:
    """Show an incident with its sources, timeline and the transitions offered."""
    page = await load_incident(client, viewer, incident_id)
    moved = request.query_params.get("moved")
    return render(request, "incident.html", {"page": page, "moved": moved})


@router.post("/incidents/{incident_id}/transitions")
async def transition_incident(
    incident_id: uuid.UUID,
    request: Request,
    viewer: ViewerDep,
    client: ClientDep,
    settings: SettingsDep,
) -> Response:
    """Move an incident through the workflow API, showing its refusal on the page if it refuses."""
    form = await request.form()
    secret = settings.secret_key.get_secret_value()
    problem: ApiProblem
    if not csrf.is_valid(secret, request, str(form.get(csrf.CSRF_FIELD) or "")):
        problem = ApiProblem(403, "CSRF", "problem.csrf")
    else:
        status = str(form.get("status") or "")
        try:
            await move_incident(
                client,
                viewer,
                incident_id,
                status=status,
                reason=str(form.get("reason") or "").strip(),
                etag=str(form.get("etag") or ""),
            )
        except ApiProblem as refused:
            if refused.status == 401:
                raise
            problem = refused
        else:
            target = f"/incidents/{incident_id}?moved={status}"
            return RedirectResponse(target, status_code=303)
    page = await load_incident(client, viewer, incident_id)
    context = {"page": page, "problem": problem, "reason": form.get("reason") or ""}
    return render(request, "incident.html", context, status=problem.status)
