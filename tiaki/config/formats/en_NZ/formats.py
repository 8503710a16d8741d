"""Dates as Tiaki's pages show them (tiaki.web.templatetags.tiaki_dates):
Django's locale formats win over settings.DATE_FORMAT, so en-NZ's are here
(settings.FORMAT_MODULE_PATH)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
