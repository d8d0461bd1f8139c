"""Vocabularies of the registry: the kinds of organization."""

from __future__ import annotations

import enum


class OrganizationKind(enum.StrEnum):
    """The kinds of counterpart the Centre deals with."""

    GOVERNMENT = "government"
    MINISTRY = "ministry"
    REGIONAL_ORGANIZATION = "regional_organization"
    UN_ENTITY = "un_entity"
    INTERNATIONAL_FINANCIAL_INSTITUTION = "international_financial_institution"
    NGO = "ngo"
    OTHER = "other"
