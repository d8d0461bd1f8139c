"""Synthetic demo records: the region's foreign ministries, regional organizations, UN entities
and international financial institutions (public facts only; contacts are fictitious)."""

from __future__ import annotations

from typing import Any

MINISTRIES: list[dict[str, Any]] = [
    {
        "code": "MFA-KAZ",
        "country": "KAZ",
        "name": "Ministry of Foreign Affairs of the Republic of Kazakhstan",
        "names": [
            {"lang": "kk", "value": "Қазақстан Республикасының Сыртқы істер министрлігі"},
            {"lang": "ru", "value": "Министерство иностранных дел Республики Казахстан"},
        ],
        "city": "Astana",
    },
    {
        "code": "MFA-KGZ",
        "country": "KGZ",
        "name": "Ministry of Foreign Affairs of the Kyrgyz Republic",
        "names": [
            {"lang": "ky", "value": "Кыргыз Республикасынын Тышкы иштер министрлиги"},
            {"lang": "ru", "value": "Министерство иностранных дел Кыргызской Республики"},
        ],
        "city": "Bishkek",
    },
    {
        "code": "MFA-TJK",
        "country": "TJK",
        "name": "Ministry of Foreign Affairs of the Republic of Tajikistan",
        "names": [
            {"lang": "tg", "value": "Вазорати корҳои хориҷии Ҷумҳурии Тоҷикистон"},
            {"lang": "ru", "value": "Министерство иностранных дел Республики Таджикистан"},
        ],
        "city": "Dushanbe",
    },
    {
        "code": "MFA-TKM",
        "country": "TKM",
        "name": "Ministry of Foreign Affairs of Turkmenistan",
        "names": [
            {"lang": "tk", "value": "Türkmenistanyň Daşary işler ministrligi"},
            {"lang": "ru", "value": "Министерство иностранных дел Туркменистана"},
        ],
        "city": "Ashgabat",
    },
    {
        "code": "MFA-UZB",
        "country": "UZB",
        "name": "Ministry of Foreign Affairs of the Republic of Uzbekistan",
        "names": [
            {"lang": "uz-Latn", "value": "Oʻzbekiston Respublikasi Tashqi ishlar vazirligi"},
            {"lang": "uz-Cyrl", "value": "Ўзбекистон Республикаси Ташқи ишлар вазирлиги"},
            {"lang": "ru", "value": "Министерство иностранных дел Республики Узбекистан"},
        ],
        "city": "Tashkent",
    },
]

CA5 = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]

PARTNERS: list[dict[str, Any]] = [
    {
        "code": "UNRCCA",
        "kind": "un_entity",
        "name": "United Nations Regional Centre for Preventive Diplomacy for Central Asia",
        "countries": CA5,
        "city": "Ashgabat",
        "country": "TKM",
    },
    {
        "code": "OSCE",
        "kind": "regional_organization",
        "name": "Organization for Security and Co-operation in Europe",
        "countries": CA5,
        "city": "Vienna",
        "country": "AUT",
        "ru": "Организация по безопасности и сотрудничеству в Европе",
    },
    {
        "code": "CIS",
        "kind": "regional_organization",
        "name": "Commonwealth of Independent States",
        "countries": ["KAZ", "KGZ", "TJK", "UZB"],
        "city": "Minsk",
        "country": "BLR",
        "ru": "Содружество Независимых Государств",
    },
    {
        "code": "SCO",
        "kind": "regional_organization",
        "name": "Shanghai Cooperation Organisation",
        "countries": ["KAZ", "KGZ", "TJK", "UZB"],
        "city": "Beijing",
        "country": "CHN",
        "ru": "Шанхайская организация сотрудничества",
    },
    {
        "code": "CSTO",
        "kind": "regional_organization",
        "name": "Collective Security Treaty Organization",
        "countries": ["KAZ", "KGZ", "TJK"],
        "city": "Moscow",
        "country": "RUS",
        "ru": "Организация Договора о коллективной безопасности",
    },
    {
        "code": "EU",
        "kind": "regional_organization",
        "name": "European Union",
        "countries": CA5,
        "city": "Brussels",
        "country": "BEL",
    },
    {
        "code": "UNAMA",
        "kind": "un_entity",
        "name": "United Nations Assistance Mission in Afghanistan",
        "countries": ["AFG"],
        "city": "Kabul",
        "country": "AFG",
    },
    {
        "code": "WB",
        "acronym": "WB",
        "kind": "international_financial_institution",
        "name": "World Bank",
        "countries": [*CA5, "AFG"],
        "city": "Washington",
        "country": "USA",
    },
    {
        "code": "IMF",
        "kind": "international_financial_institution",
        "name": "International Monetary Fund",
        "countries": [*CA5, "AFG"],
        "city": "Washington",
        "country": "USA",
    },
    {
        "code": "UNDP",
        "kind": "un_entity",
        "name": "United Nations Development Programme",
        "countries": [*CA5, "AFG"],
        "city": "New York",
        "country": "USA",
    },
    {
        "code": "UNODC",
        "kind": "un_entity",
        "name": "United Nations Office on Drugs and Crime",
        "countries": [*CA5, "AFG"],
        "city": "Tashkent",
        "country": "UZB",
    },
    {
        "code": "UNHCR",
        "kind": "un_entity",
        "name": "Office of the United Nations High Commissioner for Refugees",
        "countries": [*CA5, "AFG"],
        "city": "Geneva",
        "country": "CHE",
    },
    {
        "code": "UNICEF",
        "kind": "un_entity",
        "name": "United Nations Children's Fund",
        "countries": [*CA5, "AFG"],
        "city": "New York",
        "country": "USA",
    },
]
