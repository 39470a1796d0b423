"""Closed vocabularies of the domain, stored as their string values."""

from enum import StrEnum


class Channel(StrEnum):
    VOICE = "voice"
    CHAT = "chat"
    EMAIL = "email"
    OUTBOUND = "outbound"
    BACKOFFICE = "backoffice"


class Role(StrEnum):
    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    TRAINEE = "trainee"


class ExceptionKind(StrEnum):
    """Dated availability exceptions; all but `available` remove the agent for their span."""

    VACATION = "vacation"
    SICK = "sick"
    UNAVAILABLE = "unavailable"
    AVAILABLE = "available"


class PreferenceKind(StrEnum):
    START_WINDOW = "start_window"
    DAY_OFF = "day_off"
    SHIFT_LENGTH = "shift_length"


class ActivityKind(StrEnum):
    TRAINING = "training"
    COACHING = "coaching"
    TEAM_MEETING = "team_meeting"


class SpecialDayKind(StrEnum):
    HOLIDAY = "holiday"
    CAMPAIGN = "campaign"
    OUTAGE = "outage"
    CLOSED = "closed"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
