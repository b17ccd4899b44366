"""Migration operations of the `courses` app that Django does not have."""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation

# What a field may be told here: what the forms and the admin show of it, never its column.
LABEL_OPTIONS = frozenset({"verbose_name", "help_text", "choices"})


class AlterFieldLabels(Operation):
    """Sets the labels of many fields (`verbose_name`, `help_text`, `choices`) in one pass:
    `changes` is {model name: {field name: {option: value}}}. Nothing runs on the database.

    Django's `AlterField` does this for one field, and renders the model and the models related
    to it again each time: 157 of them in one migration took some 11 s to apply, and over a
    minute for each test that migrates back over it. The options here change no column, so
    each model is rendered once."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, changes: dict[str, dict[str, dict[str, Any]]]) -> None:
        for fields in changes.values():
            for options in fields.values():
                if not set(options) <= LABEL_OPTIONS:
                    raise ValueError(f"Not a label: {sorted(set(options) - LABEL_OPTIONS)}")
        self.changes = changes

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"changes": self.changes})

    def state_forwards(self, app_label: str, state) -> None:
        relation = False
        for model_name, fields in self.changes.items():
            model_state = state.models[app_label, model_name.lower()]
            for field_name, options in fields.items():
                field = model_state.fields[field_name]
                _name, _path, args, kwargs = field.deconstruct()
                model_state.fields[field_name] = field.__class__(*args, **{**kwargs, **options})
                relation = relation or field.is_relation
        # All in one rendering; like AlterField, the related models too when a relation changed.
        models = [(app_label, model_name.lower()) for model_name in self.changes]
        state.reload_models(models, delay=not relation)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass

    def describe(self) -> str:
        count = sum(len(fields) for fields in self.changes.values())
        return f"Set the labels of {count} fields"

    @property
    def migration_name_fragment(self) -> str:
        return "field_labels"
