"""Source pools of the synthetic demo scenario, with the grade each source usually earns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSource:
    """A source the scenario cites: name, type, usual reliability, reporting organization."""

    name: str
    type: str
    reliability: str
    reported_by_org: str | None = None
    slug: str = "news"


NATIONAL: dict[str, tuple[DemoSource, ...]] = {
    "KGZ": (
        DemoSource("AKIpress", "media", "B", slug="akipress"),
        DemoSource("24.kg", "media", "B", slug="24kg"),
        DemoSource("Kaktus Media", "media", "C", slug="kaktus"),
        DemoSource("Azattyk", "media", "B", slug="azattyk"),
        DemoSource("State Border Service of Kyrgyzstan", "government", "B", slug="border-kg"),
    ),
    "TJK": (
        DemoSource("Asia-Plus", "media", "B", slug="asiaplus"),
        DemoSource("Radio Ozodi", "media", "B", slug="ozodi"),
        DemoSource("Avesta", "media", "C", slug="avesta"),
        DemoSource("Khovar", "government", "C", slug="khovar"),
        DemoSource("Border Troops of Tajikistan", "government", "C", slug="border-tj"),
    ),
    "UZB": (
        DemoSource("Kun.uz", "media", "B", slug="kunuz"),
        DemoSource("Gazeta.uz", "media", "B", slug="gazetauz"),
        DemoSource("UzA", "government", "C", slug="uza"),
        DemoSource("Karakalpakstan regional administration", "government", "C", slug="qr"),
    ),
    "KAZ": (
        DemoSource("Tengrinews", "media", "B", slug="tengri"),
        DemoSource("Vlast.kz", "media", "B", slug="vlast"),
        DemoSource("Kazinform", "government", "C", slug="kazinform"),
        DemoSource("Orda.kz", "media", "C", slug="orda"),
    ),
    "TKM": (
        DemoSource("Turkmenportal", "media", "D", slug="tmportal"),
        DemoSource("Azatlyk", "media", "C", slug="azatlyk"),
        DemoSource("Chronicles of Turkmenistan", "media", "C", slug="chrono"),
    ),
    "AFG": (
        DemoSource("Pajhwok Afghan News", "media", "B", slug="pajhwok"),
        DemoSource("Tolo News", "media", "C", slug="tolo"),
        DemoSource("Amu TV", "media", "C", slug="amu"),
    ),
}

PARTNERS: dict[str, DemoSource] = {
    "UNAMA": DemoSource("UNAMA cross-border report", "un_agency", "A", "UNAMA", "unama"),
    "UNODC": DemoSource("UNODC regional office", "un_agency", "A", "UNODC", "unodc"),
    "OSCE": DemoSource("OSCE field operation", "partner_feed", "B", "OSCE", "osce"),
    "UNDP": DemoSource("UNDP country office", "un_agency", "B", "UNDP", "undp"),
    "WFP": DemoSource("WFP country office", "un_agency", "B", "WFP", "wfp"),
    "UNRCCA": DemoSource("UNRCCA field mission", "field_report", "A", "UNRCCA", "unrcca"),
    "SOCIAL": DemoSource("Telegram channel (unverified)", "social_media", "F", None, "telegram"),
    "WB": DemoSource("World Bank country office", "un_agency", "B", "WB", "wb"),
}
