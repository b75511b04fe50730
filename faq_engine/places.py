"""Names members use for provinces: provinces, cities, regulators and bodies tied to one province."""

from __future__ import annotations

import re

PROVINCE_NAMES: dict[str, str] = {
    "alberta": "AB",
    "british columbia": "BC",
    "manitoba": "MB",
    "new brunswick": "NB",
    "nouveau brunswick": "NB",
    "newfoundland": "NL",
    "labrador": "NL",
    "nova scotia": "NS",
    "nouvelle ecosse": "NS",
    "northwest territories": "NT",
    "territoires du nord ouest": "NT",
    "nunavut": "NU",
    "ontario": "ON",
    "prince edward island": "PE",
    "ile du prince edouard": "PE",
    "pei": "PE",
    "quebec": "QC",
    "saskatchewan": "SK",
    "yukon": "YT",
    # cities and regions members name instead of their province
    "calgary": "AB",
    "edmonton": "AB",
    "red deer": "AB",
    "lethbridge": "AB",
    "fort mcmurray": "AB",
    "vancouver": "BC",
    "surrey": "BC",
    "victoria bc": "BC",
    "kelowna": "BC",
    "burnaby": "BC",
    "richmond bc": "BC",
    "winnipeg": "MB",
    "brandon": "MB",
    "moncton": "NB",
    "fredericton": "NB",
    "saint john": "NB",
    "st john's": "NL",
    "st johns": "NL",
    "halifax": "NS",
    "sydney ns": "NS",
    "yellowknife": "NT",
    "iqaluit": "NU",
    "toronto": "ON",
    "ottawa": "ON",
    "mississauga": "ON",
    "brampton": "ON",
    "hamilton": "ON",
    "scarborough": "ON",
    "london ontario": "ON",
    "kitchener": "ON",
    "waterloo": "ON",
    "windsor": "ON",
    "markham": "ON",
    "sudbury": "ON",
    "thunder bay": "ON",
    "gta": "ON",
    "charlottetown": "PE",
    "montreal": "QC",
    "laval": "QC",
    "gatineau": "QC",
    "sherbrooke": "QC",
    "quebec city": "QC",
    "regina": "SK",
    "saskatoon": "SK",
    "whitehorse": "YT",
}

# Regulators and bodies tied to one province: they name the province, and they are words in their own right
# (a question about the OQLF is not any Quebec question), so matching keeps the word and adds the province.
BODIES: dict[str, str] = {
    "cmlto": "ON",
    "optmq": "QC",
    "oqlf": "QC",
    "cmlpsk": "SK",
    "sslm": "SK",
    "cmltm": "MB",
    "nscmlt": "NS",
    "nbsmlt": "NB",
    "nlcmlt": "NL",
    "cmlta": "AB",
    "ahs": "AB",
    "alberta health services": "AB",
    "health match bc": "BC",
    "michener": "ON",
    "nait": "AB",
    "sait": "AB",
}
PROVINCE_NAMES.update(BODIES)

_KEYS = sorted(PROVINCE_NAMES, key=len, reverse=True)
PLACE_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k).replace(r"\ ", r"[\s-]+") for k in _KEYS) + r")\b")


def place_code(matched: str) -> str:
    """The province code of a matched place name (spaces or hyphens between its words)."""
    return PROVINCE_NAMES[re.sub(r"[\s-]+", " ", matched)]
