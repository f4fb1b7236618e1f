"""Dates as consultants type them, for back-dated events and time travel.

"The board signed the compact last Tuesday": ``occurred_on`` accepts an ISO date
(``2025-09-02``), ``today``, ``yesterday``, ``N days ago``, ``N weeks ago`` and weekday names
(``tuesday`` or ``last tuesday``: the most recent one before today). ``--known-at`` takes an
ISO timestamp (a bare date means the end of that day, UTC). Anything else is a one-line error.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from cec_ledger.domain.errors import InvalidValue

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_AGO = re.compile(r"^(\d{1,4})\s+(day|days|week|weeks)\s+ago$")


def parse_date(text: str | date, *, today: date | None = None, what: str = "date") -> date:
    """Parse a consultant's date or raise InvalidValue naming what was expected."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    today = today or date.today()
    cleaned = " ".join(str(text).strip().lower().split())
    if cleaned == "today":
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    match = _AGO.match(cleaned)
    if match:
        amount = int(match.group(1))
        days = amount * 7 if match.group(2).startswith("week") else amount
        return today - timedelta(days=days)
    weekday = cleaned.removeprefix("last ")
    if weekday in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(weekday)) % 7 or 7
        return today - timedelta(days=back)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidValue(
            f"{what} {str(text)!r} does not parse: use YYYY-MM-DD, today, yesterday, "
            "'3 days ago' or a weekday like 'last tuesday'"
        ) from None


def parse_timestamp(text: str | datetime, *, what: str = "timestamp") -> datetime:
    """An ISO timestamp (UTC when no zone is given); a bare date means that day's end."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=UTC)
    cleaned = str(text).strip()
    try:
        if len(cleaned) == 10:
            return datetime.combine(date.fromisoformat(cleaned), time.max, tzinfo=UTC)
        parsed = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(
            f"{what} {cleaned!r} does not parse: use an ISO timestamp like "
            "2025-10-01T17:00:00Z or a date"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
