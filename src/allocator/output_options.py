"""The command line's options that stand for keys of the scenario's output section: `--label`
and `--note` (output.label and output.note) and `--out` (the folder output.dir names). Each
value is refused, naming the option, where its key would refuse it; so is the `output` argument
of the Python entry points (allocator.api_arguments), as `--out` is."""

from __future__ import annotations

from pydantic import ValidationError

from allocator.errors import UserError


def output_option(option: str, field: str, value: str, argument: bool = False) -> str:
    """`value`, given by the command line's `option` (`argument`: an argument so named) for
    the output section's `field`, as that key takes it; else UserError naming the option, in
    the key's own words (a text too long, a folder's name with whitespace at either end)."""
    # on use: the scenario's loading reads run_label, which reads this module
    from allocator.scenario.error_texts import value_texts
    from allocator.scenario.schema import OutputSection

    try:
        OutputSection.model_validate({field: value})
    except ValidationError as exc:
        english, chinese = value_texts(exc.errors()[0])
        raise UserError.said("argument_refused" if argument else "naming_refused",
                             option=option, problem=english, problem_zh=chinese) from None
    return value
