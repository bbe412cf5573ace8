"""Evaluation against the shared gold data: one module per measure, each agreeing with the
reference scorer in ../shared/eval on the same input. The CLI's `onrecord eval` uses these."""
