"""A member's own settings: language and time zone (/account/preferences/)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models.centres import COUNTRY_TIME_ZONES
from ..models.preferences import available_time_zones


class PreferencesForm(forms.Form):
    """A member's language and time zone; empty means "as the browser / the centre says"."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False)

    def __init__(self, *args: Any, centre_time_zone: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *settings.LANGUAGES]
        # The network's zones first (where nearly every member is), then every other zone.
        asean = sorted(set(COUNTRY_TIME_ZONES.values()))
        others = sorted(available_time_zones() - set(asean))
        default_label = (
            _("My centre's time zone (%(zone)s)") % {"zone": centre_time_zone}
            if centre_time_zone
            else _("The site's time zone (%(zone)s)") % {"zone": settings.TIME_ZONE}
        )
        self.fields["time_zone"].choices = [
            ("", default_label),
            (_("ASEAN"), [(zone, zone) for zone in asean]),
            (_("Elsewhere"), [(zone, zone) for zone in others]),
        ]
