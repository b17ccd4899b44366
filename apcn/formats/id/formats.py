# Indonesian: 3 Nov 2026 (Django's default adds a full stop after the month's short name).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H.i"
