"""Gazetteer of the synthetic demo scenario: real place names with approximate coordinates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A settlement: names in English and Russian, admin areas and lon/lat."""

    key: str
    name: str
    name_ru: str
    country: str
    admin1: str
    admin2: str
    longitude: float
    latitude: float


_ROWS: tuple[tuple[str, str, str, str, str, float, float], ...] = (
    # name, name_ru, country, admin1, admin2, longitude, latitude
    ("Batken", "Баткен", "KGZ", "Batken", "Batken", 70.8194, 40.0626),
    ("Ak-Sai", "Ак-Сай", "KGZ", "Batken", "Batken", 70.6456, 39.9733),
    ("Kok-Tash", "Кок-Таш", "KGZ", "Batken", "Batken", 70.7100, 39.9800),
    ("Isfana", "Исфана", "KGZ", "Batken", "Leilek", 69.5275, 39.8389),
    ("Kadamjay", "Кадамжай", "KGZ", "Batken", "Kadamjay", 71.7167, 40.1333),
    ("Kyzyl-Kiya", "Кызыл-Кия", "KGZ", "Batken", "Kyzyl-Kiya", 72.1275, 40.2567),
    ("Osh", "Ош", "KGZ", "Osh City", "Osh", 72.7985, 40.5283),
    ("Jalal-Abad", "Джалал-Абад", "KGZ", "Jalal-Abad", "Suzak", 73.0000, 40.9333),
    ("Bishkek", "Бишкек", "KGZ", "Bishkek City", "Bishkek", 74.5698, 42.8746),
    ("Karakol", "Каракол", "KGZ", "Issyk-Kul", "Ak-Suu", 78.3936, 42.4907),
    ("Naryn", "Нарын", "KGZ", "Naryn", "Naryn", 75.9911, 41.4287),
    ("Talas", "Талас", "KGZ", "Talas", "Talas", 72.2427, 42.5228),
    ("Vorukh", "Ворух", "TJK", "Sughd", "Isfara", 70.5780, 39.8530),
    ("Isfara", "Исфара", "TJK", "Sughd", "Isfara", 70.6250, 40.1264),
    ("Chorkuh", "Чоркух", "TJK", "Sughd", "Isfara", 70.5600, 40.0800),
    ("Khujand", "Худжанд", "TJK", "Sughd", "Khujand", 69.6222, 40.2833),
    ("Istaravshan", "Истаравшан", "TJK", "Sughd", "Istaravshan", 69.0064, 39.9108),
    ("Dushanbe", "Душанбе", "TJK", "Dushanbe", "Dushanbe", 68.7870, 38.5598),
    ("Bokhtar", "Бохтар", "TJK", "Khatlon", "Bokhtar", 68.7806, 37.8364),
    ("Kulob", "Куляб", "TJK", "Khatlon", "Kulob", 69.7845, 37.9146),
    ("Panj", "Пяндж", "TJK", "Khatlon", "Panj", 69.0842, 37.2356),
    ("Farkhor", "Фархор", "TJK", "Khatlon", "Farkhor", 69.4042, 37.4922),
    ("Shuraabad", "Шуроабад", "TJK", "Khatlon", "Shamsiddin Shohin", 70.0333, 37.8333),
    ("Kalaikhum", "Калаихумб", "TJK", "Gorno-Badakhshan", "Darvoz", 70.7833, 38.4667),
    ("Rushan", "Рушан", "TJK", "Gorno-Badakhshan", "Rushon", 71.5500, 37.9500),
    ("Khorog", "Хорог", "TJK", "Gorno-Badakhshan", "Khorog", 71.5536, 37.4897),
    ("Ishkashim", "Ишкашим", "TJK", "Gorno-Badakhshan", "Ishkoshim", 71.6111, 36.7278),
    ("Murghab", "Мургаб", "TJK", "Gorno-Badakhshan", "Murghob", 73.9667, 38.1667),
    ("Sokh", "Сох", "UZB", "Fergana", "Sokh", 71.1333, 39.9667),
    ("Fergana", "Фергана", "UZB", "Fergana", "Fergana", 71.7864, 40.3864),
    ("Andijan", "Андижан", "UZB", "Andijan", "Andijan", 72.3442, 40.7829),
    ("Namangan", "Наманган", "UZB", "Namangan", "Namangan", 71.6726, 40.9983),
    ("Tashkent", "Ташкент", "UZB", "Tashkent City", "Tashkent", 69.2401, 41.2995),
    ("Samarkand", "Самарканд", "UZB", "Samarkand", "Samarkand", 66.9597, 39.6542),
    ("Bukhara", "Бухара", "UZB", "Bukhara", "Bukhara", 64.4556, 39.7681),
    ("Karshi", "Карши", "UZB", "Kashkadarya", "Karshi", 65.7891, 38.8606),
    ("Termez", "Термез", "UZB", "Surkhandarya", "Termez", 67.2783, 37.2242),
    ("Urgench", "Ургенч", "UZB", "Khorezm", "Urgench", 60.6333, 41.5500),
    ("Nukus", "Нукус", "UZB", "Karakalpakstan", "Nukus", 59.6100, 42.4600),
    ("Khodjeyli", "Ходжейли", "UZB", "Karakalpakstan", "Khodjeyli", 59.4517, 42.4047),
    ("Chimbay", "Чимбай", "UZB", "Karakalpakstan", "Chimbay", 59.7708, 42.9311),
    ("Kungrad", "Кунград", "UZB", "Karakalpakstan", "Kungrad", 58.9067, 43.0758),
    ("Muynak", "Муйнак", "UZB", "Karakalpakstan", "Muynak", 59.0214, 43.7683),
    ("Almaty", "Алматы", "KAZ", "Almaty City", "Almaty", 76.8512, 43.2220),
    ("Astana", "Астана", "KAZ", "Astana City", "Astana", 71.4491, 51.1694),
    ("Shymkent", "Шымкент", "KAZ", "Shymkent City", "Shymkent", 69.5901, 42.3417),
    ("Taraz", "Тараз", "KAZ", "Zhambyl", "Taraz", 71.3667, 42.9000),
    ("Korday", "Кордай", "KAZ", "Zhambyl", "Korday", 74.7086, 43.0389),
    ("Zhanaozen", "Жанаозен", "KAZ", "Mangystau", "Zhanaozen", 52.8000, 43.3411),
    ("Aktau", "Актау", "KAZ", "Mangystau", "Aktau", 51.1667, 43.6500),
    ("Kyzylorda", "Кызылорда", "KAZ", "Kyzylorda", "Kyzylorda", 65.5092, 44.8528),
    ("Aralsk", "Аральск", "KAZ", "Kyzylorda", "Aral", 61.6667, 46.7833),
    ("Kazaly", "Казалинск", "KAZ", "Kyzylorda", "Kazaly", 62.1000, 45.7667),
    ("Zharkent", "Жаркент", "KAZ", "Zhetysu", "Panfilov", 80.0000, 44.1667),
    ("Ashgabat", "Ашхабад", "TKM", "Ashgabat", "Ashgabat", 58.3261, 37.9601),
    ("Turkmenabat", "Туркменабад", "TKM", "Lebap", "Turkmenabat", 63.5786, 39.0733),
    ("Dashoguz", "Дашогуз", "TKM", "Dashoguz", "Dashoguz", 59.9666, 41.8363),
    ("Mary", "Мары", "TKM", "Mary", "Mary", 61.8303, 37.5936),
    ("Serhetabat", "Серхетабад", "TKM", "Mary", "Serhetabat", 62.3438, 35.2799),
    ("Turkmenbashi", "Туркменбаши", "TKM", "Balkan", "Turkmenbashi", 52.9633, 40.0222),
    ("Mazar-i-Sharif", "Мазари-Шариф", "AFG", "Balkh", "Mazar-i-Sharif", 67.1109, 36.7090),
    ("Hairatan", "Хайратон", "AFG", "Balkh", "Kaldar", 67.4167, 37.2167),
    ("Kunduz", "Кундуз", "AFG", "Kunduz", "Kunduz", 68.8681, 36.7286),
    ("Imam Sahib", "Имам-Сахиб", "AFG", "Kunduz", "Imam Sahib", 68.9167, 37.1833),
    ("Faizabad", "Файзабад", "AFG", "Badakhshan", "Faizabad", 70.5800, 37.1166),
    ("Eshkashem", "Эшкашем", "AFG", "Badakhshan", "Eshkashem", 71.5714, 36.7103),
    ("Khwahan", "Хохан", "AFG", "Badakhshan", "Khwahan", 70.2167, 37.8833),
    ("Andkhoy", "Андхой", "AFG", "Faryab", "Andkhoy", 65.1236, 36.9522),
)  # fmt: skip

PLACES: dict[str, Place] = {row[0]: Place(row[0], *row) for row in _ROWS}


def place(key: str) -> Place:
    """Return the gazetteer entry named ``key``."""
    return PLACES[key]
