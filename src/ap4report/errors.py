"""Mistakes an author can fix: in the content, a translation, the data or a module's
declarations. Each is reported once, as `file:line: what is wrong` (with a suggestion where
there is one), without a Python traceback: see ap4report.steps.run_step."""


class AuthorError(Exception):
    """A mistake in the project's own inputs, with a message that names where it is."""
