"""Storylines of the synthetic demo scenario: what kinds of incident recur, where and when.

Texts use ``{place}``/``{place_ru}`` (settlement), ``{admin1}`` (province) and ``{n}`` (a number
drawn from ``amount``); actors use ``{country}`` (the settlement's country name).
"""

from __future__ import annotations

from dataclasses import dataclass

from incidents.vocabulary import ThreatCategory as C

SUMMER, AUTUMN, WINTER, ALL = (6, 7, 8, 9), (9, 10, 11), (10, 11), (6, 7, 8, 9, 10, 11)


@dataclass(frozen=True)
class Storyline:
    """A recurring kind of incident and how to phrase it in English and Russian."""

    key: str
    count: int
    category: C
    event_type: str
    sub_event_type: str
    places: tuple[str, ...]
    title: str
    summary: str
    title_ru: str
    summary_ru: str
    actor1: str
    actor2: str | None = None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    months: tuple[int, ...] = ALL
    severity: tuple[int, int] = (2, 3)
    fatalities: tuple[int, int] = (0, 0)
    amount: tuple[int, int] = (10, 100)
    sensitivity: tuple[str, ...] = ("public", "internal")
    partners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    geo_precision: int = 1


FERGHANA_BORDER = ("Ak-Sai", "Kok-Tash", "Batken", "Vorukh", "Isfara", "Chorkuh", "Isfana")
TAJIK_AFGHAN = ("Panj", "Farkhor", "Shuraabad", "Kalaikhum", "Rushan", "Khorog", "Ishkashim")
AFGHAN_SIDE = ("Imam Sahib", "Khwahan", "Eshkashem", "Hairatan")
ARAL = ("Muynak", "Kungrad", "Nukus", "Chimbay", "Aralsk", "Kazaly", "Dashoguz")

STORYLINES: tuple[Storyline, ...] = (
    Storyline(
        "canal-dispute", 28, C.WATER_ENERGY_DISPUTE, "Riots", "Mob violence", FERGHANA_BORDER,
        "Stone-throwing over irrigation water near {place}",
        "Residents of border villages near {place} ({admin1}) threw stones at each other after a "
        "dispute over the distribution of irrigation water from a shared canal; about {n} people "
        "took part before border guards separated the groups.",
        "{place_ru}: столкновение жителей из-за поливной воды",
        "Жители приграничных сёл обменялись камнями после спора о распределении воды из общего "
        "канала; участвовали около {n} человек, пограничники развели стороны.",
        "Rioters ({country})", "Rioters ({country})", months=SUMMER, severity=(2, 4),
        fatalities=(0, 1), amount=(20, 150), partners=("OSCE", "UNRCCA"),
        tags=("water", "ferghana-valley", "canal"),
    ),
    Storyline(
        "border-fire", 16, C.BORDER_INCIDENT, "Battles", "Armed clash", FERGHANA_BORDER,
        "Border guards exchange fire near {place}",
        "Border units exchanged small-arms fire for about {n} minutes near {place} ({admin1}) "
        "on an undelimited section of the Kyrgyz-Tajik border; both sides accuse the other of "
        "starting the incident.",
        "{place_ru}: перестрелка пограничников",
        "Пограничные подразделения около {n} минут вели огонь из стрелкового оружия на "
        "неделимитированном участке кыргызско-таджикской границы; стороны обвиняют друг друга.",
        "Military Forces of {country}", "Military Forces of {country}",
        assoc_actor_1=("Border Guards",), severity=(3, 5), fatalities=(0, 3), amount=(10, 90),
        sensitivity=("internal", "confidential"), partners=("OSCE", "UNRCCA"),
        tags=("border", "ferghana-valley", "undelimited-border"),
    ),
    Storyline(
        "checkpoint-closure", 10, C.BORDER_INCIDENT, "Strategic developments",
        "Change to group/activity", ("Batken", "Isfara", "Sokh", "Kadamjay", "Osh"),
        "Border crossing near {place} closed to traffic",
        "Authorities closed the border crossing near {place} ({admin1}) for {n} hours citing "
        "security concerns; queues of lorries and traders formed on both sides.",
        "{place_ru}: закрыт пункт пропуска",
        "Власти закрыли пункт пропуска на {n} часов, сославшись на соображения безопасности; "
        "по обе стороны образовались очереди из грузовиков и торговцев.",
        "Military Forces of {country}", amount=(6, 72), severity=(1, 3), tags=("border", "trade"),
    ),
    Storyline(
        "delimitation-talks", 6, C.BORDER_INCIDENT, "Strategic developments", "Agreement",
        ("Batken", "Khujand", "Bishkek", "Dushanbe"),
        "Delimitation commissions agree on {n} km of border",
        "Government delimitation commissions meeting in {place} agreed the description of a "
        "further {n} km of the shared border, including a section near water infrastructure.",
        "{place_ru}: согласовано описание ещё {n} км границы",
        "Правительственные делегации по делимитации согласовали описание ещё {n} км общей "
        "границы, включая участок у водохозяйственных объектов.",
        "Government of {country}", amount=(5, 40), severity=(1, 1), sensitivity=("public",),
        partners=("UNRCCA",), tags=("border", "delimitation", "diplomacy"),
    ),
    Storyline(
        "water-protest", 12, C.WATER_ENERGY_DISPUTE, "Protests", "Peaceful protest",
        ("Batken", "Isfara", "Sokh", "Jalal-Abad", "Khujand", "Namangan"),
        "Farmers protest irrigation water shortage in {place}",
        "About {n} farmers gathered outside the district administration in {place} ({admin1}) "
        "demanding a fairer irrigation schedule as canal levels fell.",
        "{place_ru}: фермеры требуют справедливого графика полива",
        "Около {n} фермеров собрались у районной администрации, требуя справедливого графика "
        "полива из-за падения уровня воды в каналах.",
        "Protesters ({country})", months=SUMMER, amount=(30, 400), severity=(1, 2),
        tags=("water", "agriculture"),
    ),
    Storyline(
        "drug-seizure", 30, C.DRUG_TRAFFICKING, "Strategic developments", "Other", TAJIK_AFGHAN,
        "Border troops seize {n} kg of narcotics near {place}",
        "Border troops intercepted a consignment of about {n} kg of heroin and hashish carried "
        "across the Panj river near {place} ({admin1}); the couriers withdrew to the Afghan bank.",
        "{place_ru}: изъято {n} кг наркотиков",
        "Пограничники перехватили партию около {n} кг героина и гашиша, переправленную через "
        "Пяндж; курьеры отошли на афганский берег.",
        "Military Forces of {country}", "Drug Traffickers (Afghanistan)", amount=(8, 320),
        severity=(2, 3), sensitivity=("internal", "confidential"), partners=("UNODC",),
        tags=("narcotics", "tajik-afghan-border", "panj-river"),
    ),
    Storyline(
        "smuggler-clash", 10, C.DRUG_TRAFFICKING, "Battles", "Armed clash", TAJIK_AFGHAN,
        "Armed clash with smugglers on the Panj near {place}",
        "A border patrol near {place} ({admin1}) came under fire from a group of armed smugglers "
        "crossing the Panj; the exchange lasted about {n} minutes.",
        "{place_ru}: вооружённое столкновение с контрабандистами",
        "Пограничный наряд попал под обстрел группы вооружённых контрабандистов при переправе "
        "через Пяндж; перестрелка длилась около {n} минут.",
        "Military Forces of {country}", "Unidentified Armed Group (Afghanistan)",
        amount=(10, 60), severity=(3, 5), fatalities=(0, 4),
        sensitivity=("confidential", "strictly_confidential"), partners=("UNODC", "UNRCCA"),
        tags=("narcotics", "tajik-afghan-border", "armed-smugglers"),
    ),
    Storyline(
        "afghan-side-seizure", 10, C.DRUG_TRAFFICKING, "Strategic developments", "Arrests",
        AFGHAN_SIDE, "De facto authorities detain {n} suspected traffickers in {place}",
        "De facto border police in {place} ({admin1}) detained {n} people suspected of moving "
        "methamphetamine towards the northern border.",
        "{place_ru}: задержаны подозреваемые в наркотрафике",
        "Пограничная полиция фактических властей задержала {n} человек по подозрению в "
        "перевозке метамфетамина к северной границе.",
        "Police Forces of Afghanistan (2021-)", "Drug Traffickers (Afghanistan)", amount=(2, 9),
        severity=(2, 3), sensitivity=("internal",), partners=("UNAMA", "UNODC"),
        tags=("narcotics", "methamphetamine"),
    ),
    Storyline(
        "karakalpak-protest", 14, C.POLITICAL_UNREST, "Protests", "Peaceful protest",
        ("Nukus", "Khodjeyli", "Chimbay", "Kungrad"),
        "Residents rally over local grievances in {place}",
        "About {n} residents gathered in {place} ({admin1}) over unpaid wages, water supply and "
        "land allocation; speakers also raised the region's constitutional status.",
        "{place_ru}: жители собрались на митинг",
        "Около {n} жителей собрались, выражая недовольство задержкой зарплат, водоснабжением и "
        "распределением земли; выступавшие затронули и конституционный статус региона.",
        "Protesters (Uzbekistan)", amount=(40, 600), severity=(2, 3),
        sensitivity=("internal", "confidential"), partners=("UNRCCA",),
        tags=("karakalpakstan", "protest"),
    ),
    Storyline(
        "karakalpak-dispersal", 5, C.POLITICAL_UNREST, "Protests", "Protest with intervention",
        ("Nukus", "Khodjeyli"), "Police disperse gathering in {place}",
        "Police dispersed a gathering of about {n} people in {place} ({admin1}) and detained "
        "several participants; no serious injuries were reported.",
        "{place_ru}: полиция разогнала собравшихся",
        "Полиция разогнала собрание около {n} человек и задержала нескольких участников; о "
        "серьёзных травмах не сообщается.",
        "Protesters (Uzbekistan)", "Police Forces of Uzbekistan", amount=(50, 300),
        severity=(3, 4), sensitivity=("confidential",), partners=("UNRCCA",),
        tags=("karakalpakstan", "protest", "detentions"),
    ),
    Storyline(
        "oil-strike", 14, C.POLITICAL_UNREST, "Protests", "Peaceful protest",
        ("Zhanaozen", "Aktau"), "Oil workers strike over wages in {place}",
        "About {n} oilfield service workers in {place} ({admin1}) stopped work demanding wage "
        "indexation and the return of outsourced staff to the parent company.",
        "{place_ru}: нефтяники бастуют из-за зарплат",
        "Около {n} работников нефтесервисных компаний прекратили работу, требуя индексации "
        "зарплат и возвращения сотрудников в штат материнской компании.",
        "Protesters (Kazakhstan)", amount=(80, 1500), severity=(2, 3),
        tags=("labour", "oil", "mangystau"),
    ),
    Storyline(
        "aral-dust", 20, C.ENVIRONMENTAL_DEGRADATION, "Strategic developments", "Other", ARAL,
        "Salt and dust storm hits {place}",
        "A salt and dust storm from the dried Aral seabed reduced visibility around {place} "
        "({admin1}) for {n} hours; clinics reported more respiratory complaints.",
        "{place_ru}: солевая и пыльная буря",
        "Солевая и пыльная буря с осушенного дна Арала на {n} часов снизила видимость; "
        "поликлиники сообщили о росте обращений с заболеваниями дыхательных путей.",
        "Civilians ({country})", months=SUMMER, amount=(3, 30), severity=(2, 3),
        sensitivity=("public",), partners=("UNDP", "WB"), tags=("aral-sea", "dust-storm"),
        geo_precision=2,
    ),
    Storyline(
        "aral-salinity", 10, C.ENVIRONMENTAL_DEGRADATION, "Strategic developments", "Other", ARAL,
        "Drinking water salinity exceeds norms in {place}",
        "Tests in {place} ({admin1}) found drinking water salinity about {n}% above national "
        "norms; residents rely on trucked water.",
        "{place_ru}: минерализация питьевой воды превышает нормы",
        "Проверка показала превышение минерализации питьевой воды примерно на {n}% над "
        "национальными нормами; жители пользуются привозной водой.",
        "Civilians ({country})", amount=(15, 90), severity=(1, 3), sensitivity=("public",),
        partners=("UNDP", "WFP"), tags=("aral-sea", "salinity", "drinking-water"),
        geo_precision=2,
    ),
    Storyline(
        "extremist-propaganda", 16, C.VIOLENT_EXTREMISM, "Strategic developments", "Arrests",
        ("Tashkent", "Dushanbe", "Bishkek", "Almaty", "Khujand", "Osh", "Shymkent", "Namangan"),
        "Security service detains {n} over online extremist recruitment in {place}",
        "The security service in {place} detained {n} people accused of distributing "
        "recruitment videos of a banned group in closed messaging channels.",
        "{place_ru}: задержаны распространители экстремистских материалов",
        "Спецслужба задержала {n} человек, обвиняемых в распространении вербовочных видео "
        "запрещённой группировки в закрытых каналах мессенджеров.",
        "Police Forces of {country}", amount=(2, 12), severity=(2, 4),
        sensitivity=("confidential", "strictly_confidential"),
        tags=("online-propaganda", "recruitment"),
    ),
    Storyline(
        "plot-foiled", 4, C.TERRORISM, "Strategic developments", "Disrupted weapons use",
        ("Dushanbe", "Tashkent", "Almaty", "Bishkek"), "Explosive device defused in {place}",
        "Police in {place} found and defused an improvised explosive device near a crowded "
        "market after a tip-off; {n} suspects were detained.",
        "{place_ru}: обезврежено взрывное устройство",
        "Полиция по наводке обнаружила и обезвредила самодельное взрывное устройство у "
        "многолюдного рынка; задержаны {n} подозреваемых.",
        "Police Forces of {country}", amount=(1, 4), severity=(4, 5),
        sensitivity=("confidential", "strictly_confidential"), tags=("ied", "plot"),
    ),
    Storyline(
        "human-trafficking", 9, C.ORGANIZED_CRIME, "Strategic developments", "Arrests",
        ("Osh", "Jalal-Abad", "Shymkent", "Tashkent", "Bishkek", "Turkmenabat", "Almaty"),
        "Trafficking ring dismantled in {place}",
        "Police in {place} dismantled a ring recruiting labour migrants with false job offers; "
        "{n} victims were identified.",
        "{place_ru}: раскрыта сеть торговли людьми",
        "Полиция раскрыла сеть, вербовавшую трудовых мигрантов под видом фиктивных вакансий; "
        "выявлены {n} пострадавших.",
        "Police Forces of {country}", "Civilians ({country})", amount=(3, 40), severity=(2, 3),
        sensitivity=("internal", "confidential"), partners=("UNODC",),
        tags=("human-trafficking", "migration"),
    ),
    Storyline(
        "fuel-smuggling", 8, C.ORGANIZED_CRIME, "Strategic developments",
        "Looting/property destruction", ("Korday", "Taraz", "Dashoguz", "Turkmenabat", "Termez"),
        "Fuel smuggling network uncovered near {place}",
        "Customs officers near {place} ({admin1}) uncovered a network moving about {n} tonnes of "
        "subsidised fuel across the border.",
        "{place_ru}: выявлена контрабанда топлива",
        "Таможенники выявили сеть, переправлявшую через границу около {n} тонн "
        "субсидированного топлива.",
        "Police Forces of {country}", amount=(5, 120), severity=(1, 2), tags=("smuggling", "fuel"),
    ),
    Storyline(
        "power-cuts", 24, C.WATER_ENERGY_DISPUTE, "Strategic developments", "Other",
        ("Bishkek", "Osh", "Dushanbe", "Khujand", "Kulob", "Tashkent", "Samarkand", "Karshi"),
        "Rolling power cuts extended in {place}",
        "The utility extended scheduled power cuts in {place} ({admin1}) to {n} hours a day as "
        "reservoir levels fell and demand rose with the first frosts.",
        "{place_ru}: продлены веерные отключения электричества",
        "Энергокомпания продлила плановые отключения электричества до {n} часов в сутки из-за "
        "снижения уровня водохранилищ и роста потребления с первыми заморозками.",
        "Civilians ({country})", months=WINTER, amount=(4, 14), severity=(2, 3),
        sensitivity=("public",), partners=("UNDP", "WB"), tags=("energy", "winter"),
        geo_precision=2,
    ),
    Storyline(
        "gas-protest", 8, C.WATER_ENERGY_DISPUTE, "Protests", "Peaceful protest",
        ("Tashkent", "Samarkand", "Bukhara", "Fergana", "Andijan", "Osh"),
        "Residents block road over gas and power outages in {place}",
        "About {n} residents of {place} ({admin1}) briefly blocked a road demanding restoration "
        "of gas and electricity supply.",
        "{place_ru}: жители перекрыли дорогу из-за отключений газа и света",
        "Около {n} жителей ненадолго перекрыли дорогу, требуя восстановить подачу газа и "
        "электричества.",
        "Protesters ({country})", months=WINTER, amount=(20, 200), severity=(2, 3),
        tags=("energy", "winter", "road-block"),
    ),
    Storyline(
        "livestock-raid", 8, C.INTERCOMMUNAL_TENSION, "Violence against civilians", "Attack",
        ("Ak-Sai", "Kok-Tash", "Vorukh", "Chorkuh", "Sokh", "Isfana"),
        "Herders beaten in pasture dispute near {place}",
        "Herders from a neighbouring village beat {n} shepherds in a dispute over a pasture "
        "near {place} ({admin1}); livestock was driven off.",
        "{place_ru}: избиты пастухи в споре о пастбище",
        "Жители соседнего села избили {n} пастухов в споре о пастбище и угнали скот.",
        "Unidentified Communal Group ({country})", "Civilians ({country})", months=SUMMER,
        amount=(2, 6), severity=(2, 3), tags=("pasture", "ferghana-valley"),
    ),
    Storyline(
        "mudflow", 6, C.ENVIRONMENTAL_DEGRADATION, "Strategic developments", "Other",
        ("Kadamjay", "Isfana", "Kalaikhum", "Rushan", "Khorog", "Naryn"),
        "Mudflow damages road and canal near {place}",
        "A mudflow after heavy rain damaged {n} km of road and an irrigation canal near {place} "
        "({admin1}), cutting off several villages.",
        "{place_ru}: сель повредил дорогу и канал",
        "Сель после ливней повредил {n} км дороги и оросительный канал, отрезав несколько сёл.",
        "Civilians ({country})", months=(6, 7, 8), amount=(1, 12), severity=(2, 4),
        sensitivity=("public",), partners=("WFP",), tags=("climate", "mudflow"),
    ),
    Storyline(
        "migrant-return", 6, C.OTHER, "Strategic developments", "Other",
        ("Osh", "Khujand", "Dushanbe", "Andijan", "Kulob"),
        "Large return of labour migrants reported in {place}",
        "Local authorities in {place} registered about {n} returning labour migrants in a week, "
        "straining local employment services.",
        "{place_ru}: массовое возвращение трудовых мигрантов",
        "Местные власти зарегистрировали около {n} вернувшихся трудовых мигрантов за неделю, "
        "что увеличило нагрузку на службы занятости.",
        "Civilians ({country})", amount=(300, 4000), severity=(1, 2), sensitivity=("public",),
        tags=("migration", "remittances"), geo_precision=3,
    ),
    Storyline(
        "border-escalation", 8, C.BORDER_INCIDENT, "Battles", "Armed clash", ("Ak-Sai", "Kok-Tash"),
        "Renewed clashes between border units near {place}",
        "Border units clashed again near {place} ({admin1}) for about {n} minutes; residents "
        "report mortar fire and families leaving for the district centre.",
        "{place_ru}: новые столкновения пограничников",
        "Пограничные подразделения вновь вступили в бой около {n} минут; жители сообщают об "
        "обстреле из миномётов и об отъезде семей в районный центр.",
        "Military Forces of {country}", "Military Forces of {country}", months=(11,),
        assoc_actor_1=("Border Guards",), severity=(4, 5), fatalities=(1, 4), amount=(20, 120),
        sensitivity=("internal",), partners=("OSCE", "UNRCCA"),
        tags=("border", "ferghana-valley", "escalation"),
    ),
)  # fmt: skip
