"""Add or edit one agent; each validation message sits next to its field. Dismisses with the id saved."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from scheduler.services.agents import (
    AgentDraft, FormChoices, format_skills, form_choices, load_agent_draft, parse_skills, save_agent,
)
from scheduler.services.errors import FieldError, ServiceError, ValidationFailed
from scheduler.storage.models import Role
from scheduler.tui import keys

FIELDS = ("code", "name", "email", "site", "team", "contract", "shift_rule", "role", "skills", "active")


class AgentFormScreen(ModalScreen[int | None]):
    BINDINGS = keys.AGENT_FORM

    def __init__(self, choices: FormChoices, draft: AgentDraft | None) -> None:
        super().__init__()
        self.choices = choices
        self.initial = draft
        self.agent_id = draft.id if draft else None

    @classmethod
    def load(cls, agent_id: int | None, *, engine) -> AgentFormScreen:
        """The form for a new agent (None) or an existing one; raises ServiceError or SQLAlchemyError."""
        draft = load_agent_draft(agent_id, engine=engine) if agent_id is not None else None
        return cls(form_choices(engine=engine), draft)

    def compose(self) -> ComposeResult:
        draft = self.initial

        def opts(choices):
            return [(c.label, c.id) for c in choices]

        def row(field: str, label: str, widget) -> Horizontal:
            return Horizontal(Label(label, classes="field-label"), widget,
                              Static("", id=f"error-{field}", classes="field-error"), classes="form-row")

        with VerticalScroll(id="agent-form"):
            yield Label("Edit agent" if draft else "New agent", classes="title")
            yield row("code", "Code", Input(draft.code if draft else "", id="field-code", placeholder="MS-014"))
            yield row("name", "Name", Input(draft.name if draft else "", id="field-name"))
            yield row("email", "E-mail", Input((draft.email or "") if draft else "", id="field-email"))
            yield row("site", "Site", Select(opts(self.choices.sites), id="field-site",
                                             value=draft.site_id if draft else Select.NULL))
            yield row("team", "Team", Select(opts(self.choices.teams), id="field-team",
                                             value=draft.team_id if draft and draft.team_id else Select.NULL))
            yield row("contract", "Contract", Select(opts(self.choices.contracts), id="field-contract",
                                                     value=draft.contract_id if draft else Select.NULL))
            yield row("shift_rule", "Shift rule", Select(opts(self.choices.shift_rules), id="field-shift_rule",
                                                         value=draft.shift_rule_id if draft else Select.NULL))
            yield row("role", "Role", Select([(r.value, r.value) for r in Role], id="field-role",
                                             value=draft.role if draft else Role.AGENT.value, allow_blank=False))
            yield row("skills", "Skills", Input(format_skills(draft.skills, self.choices.queues) if draft else "",
                                                id="field-skills", placeholder="Sales:1, Support:2"))
            yield row("active", "Active", Checkbox("in new plans", draft.active if draft else True, compact=True,
                                                         id="field-active"))
            with Horizontal(id="agent-form-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", classes="inline")
                yield Button("Cancel (esc)", id="cancel", classes="inline")

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            widget.compact = True
        self.query_one("#field-code", Input).focus()

    def _value(self, field: str):
        value = self.query_one(f"#field-{field}", Select).value
        return None if value is Select.NULL else value

    def draft(self) -> tuple[AgentDraft, list[FieldError]]:
        skills, skill_error = parse_skills(self.query_one("#field-skills", Input).value, self.choices.queues)
        draft = AgentDraft(
            id=self.agent_id,
            code=self.query_one("#field-code", Input).value,
            name=self.query_one("#field-name", Input).value,
            email=self.query_one("#field-email", Input).value or None,
            site_id=self._value("site"), team_id=self._value("team"), contract_id=self._value("contract"),
            shift_rule_id=self._value("shift_rule"), role=self._value("role") or Role.AGENT.value,
            skills=skills, active=self.query_one("#field-active", Checkbox).value,
        )
        return draft, [skill_error] if skill_error else []

    def show_errors(self, errors: list[FieldError]) -> None:
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        for field in FIELDS:
            self.query_one(f"#error-{field}", Static).update("\n".join(by_field.get(field, [])))

    def action_save(self) -> None:
        draft, errors = self.draft()
        if errors:
            self.show_errors(errors)
            return
        try:
            agent_id = save_agent(draft, engine=self.app.engine)
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except (ServiceError, SQLAlchemyError) as exc:
            self.app.report_error("Saving the agent", exc)
            return
        self.notify(f"Saved {draft.code.strip()}")
        self.dismiss(agent_id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
