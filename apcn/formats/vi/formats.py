# Django's Vietnamese DATE_FORMAT spells out "Ngày 03 tháng 11 năm 2026": right for a letter,
# too long for a table row. 03/11/2026 is how dates are written in Vietnamese forms and lists.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "j \\t\\h\\á\\n\\g n"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
