#!/usr/bin/env bash
# First start of the PostgreSQL container: one login role and one schema per service.
# Passwords come from the environment (PDP_<SERVICE>_DB_PASSWORD); the SQL is in pdp-schemas.psql.
set -euo pipefail

psql --no-psqlrc -v ON_ERROR_STOP=1 \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v incidents_password="${PDP_INCIDENTS_DB_PASSWORD:?}" \
    -v organizations_password="${PDP_ORGANIZATIONS_DB_PASSWORD:?}" \
    -v country_teams_password="${PDP_COUNTRY_TEAMS_DB_PASSWORD:?}" \
    -v briefings_password="${PDP_BRIEFINGS_DB_PASSWORD:?}" \
    -v gateway_password="${PDP_GATEWAY_DB_PASSWORD:?}" \
    -f /docker-entrypoint-initdb.d/pdp-schemas.psql
