"""The domain model: every table of the store, imported here so metadata and migrations see them all."""

from scheduler.storage.models.activity import Activity, ActivityParticipant
from scheduler.storage.models.agent import Agent, AgentSkill, Team
from scheduler.storage.models.availability import AvailabilityException, AvailabilityWindow
from scheduler.storage.models.contract import Contract, ShiftRule
from scheduler.storage.models.demand import Forecast, History, Requirement
from scheduler.storage.models.enums import (
    ActivityKind,
    Channel,
    ExceptionKind,
    PlanStatus,
    PreferenceKind,
    Role,
    SpecialDayKind,
)
from scheduler.storage.models.plan import Plan, PlanActivity, PlanAssignment, PlanBreak, PlanShift
from scheduler.storage.models.preference import Preference
from scheduler.storage.models.queue import Queue
from scheduler.storage.models.site import OpeningHours, Site
from scheduler.storage.models.special_day import SpecialDay

__all__ = [
    "Activity", "ActivityKind", "ActivityParticipant", "Agent", "AgentSkill", "AvailabilityException",
    "AvailabilityWindow", "Channel", "Contract", "ExceptionKind", "Forecast", "History", "OpeningHours",
    "Plan", "PlanActivity", "PlanAssignment", "PlanBreak", "PlanShift", "PlanStatus", "Preference",
    "PreferenceKind", "Queue", "Requirement", "Role", "ShiftRule", "Site", "SpecialDay", "SpecialDayKind",
    "Team",
]
